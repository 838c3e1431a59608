package dev.tomldns.xfr;

import dev.tomldns.zone.Zone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** Turns what dnsjava's {@link ZoneTransferIn} received into a verified {@link Zone}. */
final class IncomingTransfer {
    private IncomingTransfer() {}

    /** RFC 5936 §2.2: SOA first (and last, which dnsjava already checked); every record inside the zone. */
    static Zone fromAxfr(Name origin, List<Record> records) throws ZoneTransferException {
        if (records.isEmpty() || records.get(0).getType() != Type.SOA || !records.get(0).getName().equals(origin)) {
            throw new ZoneTransferException("AXFR of " + origin + " does not start with its SOA");
        }
        SOARecord soa = (SOARecord) records.get(0);
        int end = records.size();
        // dnsjava keeps the closing SOA (RFC 5936 §2.2); it repeats the first and is not zone data.
        if (end > 1 && records.get(end - 1).getType() == Type.SOA) {
            end--;
        }
        List<Record> rest = records.subList(1, end);
        for (Record r : rest) {
            if (!r.getName().subdomain(origin)) {
                throw new ZoneTransferException("AXFR of " + origin + " carries an out-of-zone record: " + r);
            }
        }
        // Any further SOA inside would be a broken transfer.
        if (rest.stream().anyMatch(r -> r.getType() == Type.SOA)) {
            throw new ZoneTransferException("AXFR of " + origin + " carries more than one SOA");
        }
        return Zone.build(soa, rest);
    }

    /** RFC 1995 §4: apply each delta in order, checking that it starts where the previous ended. */
    static Zone applyIxfr(Zone base, List<ZoneTransferIn.Delta> deltas) throws ZoneTransferException {
        Map<Record, Record> records = new LinkedHashMap<>();
        List<Record> all = base.records(); // made anew on each call: once
        for (Record r : all.subList(1, all.size())) {
            records.put(r, r);
        }
        SOARecord soa = base.soa();
        for (ZoneTransferIn.Delta d : deltas) {
            if (d.start != soa.getSerial()) {
                throw new ZoneTransferException("IXFR delta starts at " + d.start + ", we have " + soa.getSerial());
            }
            for (Record r : d.deletes) {
                // Record equality ignores the TTL, as RFC 1995 deletions do.
                if (r.getType() != Type.SOA) {
                    records.remove(r);
                }
            }
            for (Record r : d.adds) {
                if (r.getType() == Type.SOA) {
                    soa = (SOARecord) r;
                    continue;
                }
                if (!r.getName().subdomain(base.origin())) {
                    throw new ZoneTransferException("IXFR adds an out-of-zone record: " + r);
                }
                records.remove(r);
                records.put(r, r);
            }
            if (soa.getSerial() != d.end) {
                throw new ZoneTransferException("IXFR delta ends at " + d.end + " but its SOA says " + soa.getSerial());
            }
        }
        return Zone.build(soa, List.copyOf(records.values()));
    }
}
