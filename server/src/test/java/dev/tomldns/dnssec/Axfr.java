package dev.tomldns.dnssec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** A whole zone by AXFR (RFC 5936), as a sorted set of presentation lines, for comparing two servers' copies. */
final class Axfr {
    private Axfr() {
    }

    static TreeSet<String> records(InetSocketAddress server, Name zone) throws IOException {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(zone, server, null);
        xfr.setTimeout(java.time.Duration.ofSeconds(10));
        try {
            xfr.run();
        } catch (ZoneTransferException e) {
            throw new IOException("AXFR of " + zone + " from " + server + ": " + e.getMessage(), e);
        }
        List<Record> records = xfr.getAXFR();
        TreeSet<String> out = new TreeSet<>();
        records.forEach(r -> out.add(r.toString()));
        return out;
    }
}
