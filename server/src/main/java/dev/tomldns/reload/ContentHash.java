package dev.tomldns.reload;

import dev.tomldns.zone.Zone;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Digests for hot reload. {@link #of} tells what a zone serves, serial left out: two versions with the same digest
 * answer every query alike, so a managed serial only rises when this changes. It comes from the zone's own store
 * ({@link Zone#contentDigest}): independent of record order, so reordering lines or editing comments is no change.
 */
final class ContentHash {
    private ContentHash() {
    }

    static String of(Zone zone) {
        return zone.contentDigest();
    }

    /** The digest of raw file bytes: whether a file needs parsing again. */
    static String ofBytes(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
