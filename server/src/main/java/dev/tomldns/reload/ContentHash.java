package dev.tomldns.reload;

import dev.tomldns.zone.Zone;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * A SHA-256 digest of what a zone serves, serial left out: two versions with the same digest answer every query
 * alike, so a managed serial only rises when this changes. Records are taken in canonical wire form (RFC 4034
 * §6.2, TTL included) and sorted, so reordering lines or editing comments is no change.
 */
final class ContentHash {
    private ContentHash() {
    }

    static String of(Zone zone) {
        List<byte[]> parts = new ArrayList<>(zone.records().size());
        for (Record r : zone.records()) {
            parts.add(withoutSerial(r).toWireCanonical());
        }
        parts.sort(Arrays::compare);
        MessageDigest sha = sha256();
        for (byte[] p : parts) {
            sha.update(p);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The digest of raw file bytes: whether a file needs parsing again. */
    static String ofBytes(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static Record withoutSerial(Record r) {
        if (!(r instanceof SOARecord soa)) {
            return r;
        }
        return new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), 0,
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
