package dev.tomldns.lint;

import java.nio.file.Path;
import org.xbill.DNS.Record;

/** A record to lint, with the zone file and 1-based line it came from (0 when unknown). */
public record LintRecord(Record record, Path file, int line) {
}
