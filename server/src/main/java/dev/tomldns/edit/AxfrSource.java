package dev.tomldns.edit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** A zone fetched by AXFR (RFC 5936) from a live primary, optionally signed with TSIG (RFC 8945); dnsjava's transfer. */
public final class AxfrSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AxfrSource() {
    }

    /** Transfers {@code origin} from {@code primary}; {@code tsig} may be null. */
    public static ZoneSource transfer(InetSocketAddress primary, Name origin, TSIG tsig) throws ImportException {
        String where = "AXFR of " + origin + " from " + primary.getAddress().getHostAddress() + ":" + primary.getPort();
        List<Record> records;
        try {
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, primary, tsig);
            xfr.setTimeout(TIMEOUT);
            xfr.run();
            records = xfr.getAXFR();
        } catch (ZoneTransferException e) {
            throw new ImportException(where + ": refused or failed: " + e.getMessage());
        } catch (IOException e) {
            throw new ImportException(where + ": " + (e.getMessage() == null ? "no answer" : e.getMessage()));
        }
        return MasterFileSource.source(where, origin, records, List.of(), Map.of());
    }
}
