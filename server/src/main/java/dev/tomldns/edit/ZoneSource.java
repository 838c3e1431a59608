package dev.tomldns.edit;

import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * A zone as read from its source (an RFC 1035 master file or a zone transfer), before it becomes TOML.
 *
 * @param origin   the zone's name (the SOA's owner)
 * @param soa      the SOA record
 * @param records  every other record, in the source's order
 * @param header   comments before the first record (the file's heading), without the {@code ;}
 * @param comments comments of each record (by its index in {@code records}; -1 for the SOA): the lines that stood
 *                 just above it and the comments on its own lines, in source order
 */
public record ZoneSource(Name origin, SOARecord soa, List<Record> records, List<String> header,
                         Map<Integer, List<String>> comments) {
    /** Index in {@link #comments()} of the SOA record's comments. */
    public static final int SOA = -1;

    public ZoneSource {
        records = List.copyOf(records);
        header = List.copyOf(header);
        comments = Map.copyOf(comments);
    }

    /** The SOA and every other record, SOA first. */
    public List<Record> all() {
        List<Record> out = new java.util.ArrayList<>(records.size() + 1);
        out.add(soa);
        out.addAll(records);
        return out;
    }
}
