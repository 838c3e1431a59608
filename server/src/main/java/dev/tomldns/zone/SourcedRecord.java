package dev.tomldns.zone;

import org.xbill.DNS.Record;

/** A record as loaded, with the 1-based line of the zone file it came from (0 when it came from elsewhere). */
public record SourcedRecord(Record record, int line) {
}
