package dev.tomldns.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds records for lint tests, each on its own line of a made-up file, and lints them. */
final class TestZone {
    static final Path FILE = Path.of("zones/example.net.toml");
    private final Name origin;
    private final List<LintRecord> records = new ArrayList<>();
    private final List<Name> origins = new ArrayList<>();

    TestZone(String origin) {
        this.origin = name(origin);
        origins.add(this.origin);
    }

    static Name name(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Name owner(String relative) {
        try {
            return relative.equals("@") ? origin : Name.fromString(relative, origin);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    TestZone alsoServe(String origin) {
        origins.add(name(origin));
        return this;
    }

    /** A CAA record; {@code value} is in presentation form, so "\\000" is one NUL octet. */
    int caa(String owner, int flags, String tag, String value) {
        return add(new CAARecord(owner(owner), DClass.IN, 300, flags, tag, value));
    }

    /** A CAA record from octets, any tag kept as written (dnsjava's own type refuses some RFC 8659 tags). */
    int caaOctets(String owner, int flags, String tag, String value) {
        return add(new dev.tomldns.wire.Rfc8659CaaRecord(owner(owner), 300, flags,
                tag.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    /** A TXT record; each string longer than 255 octets is cut into character-strings, as the zone format does. */
    int txt(String owner, String... strings) {
        List<String> cut = new ArrayList<>();
        for (String s : strings) {
            for (int i = 0; i < Math.max(1, s.length()); i += 255) {
                cut.add(s.substring(i, Math.min(s.length(), i + 255)));
            }
        }
        return add(new TXTRecord(owner(owner), DClass.IN, 300, cut));
    }

    int cname(String owner, String target) {
        return add(new CNAMERecord(owner(owner), DClass.IN, 300, owner(target)));
    }

    int record(String owner, int type, String rdata) {
        try {
            return add(Record.fromString(owner(owner), type, DClass.IN, 300, rdata, origin));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    int add(Record r) {
        records.add(new LintRecord(r, FILE, records.size() + 10));
        return records.size() + 9;
    }

    List<Finding> lint() {
        return new PolicyLinter().lint(records, Set.copyOf(origins));
    }

    List<Record> records() {
        return records.stream().map(LintRecord::record).toList();
    }

    List<LintRecord> lintRecords() {
        return records;
    }

    Set<Name> origins() {
        return Set.copyOf(origins);
    }

    static int spfType() {
        return Type.SPF;
    }
}
