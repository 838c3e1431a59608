package dev.tomldns.xfr;

import dev.tomldns.config.TransferLimits;
import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * One zone transfer in, as dnsjava's {@link ZoneTransferIn} parses it record by record: collected within the
 * secondary zone's {@link TransferLimits} (the transfer is cut off the moment one is passed) and then turned into a
 * verified {@link Zone}.
 */
final class IncomingTransfer implements ZoneTransferIn.ZoneTransferHandler {
    /** One IXFR difference sequence (RFC 1995 §4): the deletions from {@code start}, the additions up to {@code end}. */
    record Delta(long start, long end, List<Record> deletes, List<Record> adds) {}

    private final Name origin;
    private final TransferLimits limits;
    private final long deadline;
    private List<Record> axfr;
    private List<Delta> ixfr;
    private List<Record> current;
    private long records;
    private long octets;

    IncomingTransfer(Name origin, TransferLimits limits) {
        this.origin = origin;
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.maxTime().toNanos();
    }

    @Override
    public void startAXFR() {
        axfr = new ArrayList<>();
        current = axfr;
    }

    @Override
    public void startIXFR() {
        ixfr = new ArrayList<>();
    }

    @Override
    public void startIXFRDeletes(Record soa) throws ZoneTransferException {
        count(soa);
        long start = ((SOARecord) soa).getSerial();
        ixfr.add(new Delta(start, start, new ArrayList<>(), new ArrayList<>()));
        current = ixfr.get(ixfr.size() - 1).deletes();
    }

    @Override
    public void startIXFRAdds(Record soa) throws ZoneTransferException {
        count(soa);
        Delta last = ixfr.remove(ixfr.size() - 1);
        Delta delta = new Delta(last.start(), ((SOARecord) soa).getSerial(), last.deletes(), last.adds());
        delta.adds().add(soa);
        ixfr.add(delta);
        current = delta.adds();
    }

    @Override
    public void handleRecord(Record r) throws ZoneTransferException {
        count(r);
        current.add(r);
    }

    /** The limits, checked as each record arrives: nothing over them is kept. */
    private void count(Record r) throws ZoneTransferException {
        records++;
        // Uncompressed wire size: owner, type, class, TTL, RDLENGTH, RDATA.
        octets += r.getName().length() + 10 + r.rdataToWireCanonical().length;
        if (records > limits.maxRecords()) {
            throw new ZoneTransferException("transfer of " + origin + " cut off: more than " + limits.maxRecords()
                    + " records (max-transfer-records)");
        }
        if (octets > limits.maxOctets()) {
            throw new ZoneTransferException("transfer of " + origin + " cut off: more than " + limits.maxOctets()
                    + " octets (max-transfer-octets)");
        }
        if (System.nanoTime() - deadline > 0) {
            throw new ZoneTransferException("transfer of " + origin + " cut off: not complete within "
                    + limits.maxTime().toSeconds() + " s (max-transfer-seconds)");
        }
    }

    /** True when the primary answered that our copy is current (an IXFR answered with the single SOA). */
    boolean isCurrent() {
        return axfr == null && ixfr == null;
    }

    boolean isAxfr() {
        return axfr != null;
    }

    /** Records received (both SOAs of an AXFR included). */
    long records() {
        return records;
    }

    /** The AXFR received, as a verified zone. */
    Zone axfrZone() throws ZoneTransferException {
        return fromAxfr(origin, axfr);
    }

    /** The IXFR received, applied to {@code base}. */
    Zone ixfrZone(Zone base) throws ZoneTransferException {
        return applyIxfr(base, ixfr);
    }

    int deltas() {
        return ixfr == null ? 0 : ixfr.size();
    }

    /**
     * RFC 5936 §2.2: the SOA first, and last again, identical to the first (dnsjava ends the transfer at the second
     * SOA without comparing them); every record inside the zone.
     */
    static Zone fromAxfr(Name origin, List<Record> records) throws ZoneTransferException {
        if (records.isEmpty() || records.get(0).getType() != Type.SOA || !records.get(0).getName().equals(origin)) {
            throw new ZoneTransferException("AXFR of " + origin + " does not start with its SOA");
        }
        SOARecord soa = (SOARecord) records.get(0);
        Record last = records.get(records.size() - 1);
        if (records.size() < 2 || last.getType() != Type.SOA) {
            throw new ZoneTransferException("AXFR of " + origin + " does not end with its SOA");
        }
        // Record equality compares owner, class and RDATA (serial included), not the TTL.
        if (!last.equals(soa)) {
            throw new ZoneTransferException("AXFR of " + origin + " rejected: its closing SOA (serial "
                    + ((SOARecord) last).getSerial() + ") differs from its opening SOA (serial " + soa.getSerial()
                    + "); RFC 5936 §2.2 requires the same SOA at both ends");
        }
        // The closing SOA repeats the first and is not zone data.
        List<Record> rest = records.subList(1, records.size() - 1);
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
    static Zone applyIxfr(Zone base, List<Delta> deltas) throws ZoneTransferException {
        Map<Record, Record> records = new LinkedHashMap<>();
        List<Record> all = base.records(); // made anew on each call: once
        for (Record r : all.subList(1, all.size())) {
            records.put(r, r);
        }
        SOARecord soa = base.soa();
        for (Delta d : deltas) {
            if (d.start() != soa.getSerial()) {
                throw new ZoneTransferException("IXFR delta starts at " + d.start() + ", we have " + soa.getSerial());
            }
            for (Record r : d.deletes()) {
                // Record equality ignores the TTL, as RFC 1995 deletions do.
                if (r.getType() != Type.SOA) {
                    records.remove(r);
                }
            }
            for (Record r : d.adds()) {
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
            if (soa.getSerial() != d.end()) {
                throw new ZoneTransferException("IXFR delta ends at " + d.end() + " but its SOA says "
                        + soa.getSerial());
            }
        }
        return Zone.build(soa, List.copyOf(records.values()));
    }
}
