package dev.tomldns.metrics;

import org.xbill.DNS.Type;

/**
 * Maps a QTYPE code to a bounded tag value: the types an authoritative server is commonly asked for keep their
 * mnemonic, every other code (rare, private-use or random, RFC 6895 §3.1) shares {@link #OTHER}.
 */
final class QueryTypeTag {

    static final String OTHER = "other";

    private static final int[] TAGGED = {
        Type.A, Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX, Type.TXT, Type.AAAA, Type.SRV, Type.NAPTR,
        Type.DNAME, Type.DS, Type.RRSIG, Type.NSEC, Type.DNSKEY, Type.NSEC3, Type.NSEC3PARAM, Type.TLSA, Type.CDS,
        Type.CDNSKEY, Type.SVCB, Type.HTTPS, Type.CAA, Type.SSHFP, Type.IXFR, Type.AXFR, Type.ANY,
    };

    /** Tag values by index; the last one is {@link #OTHER}. */
    static final String[] NAMES;

    /** Index into {@link #NAMES} by type code, for codes below {@code INDEX.length}. */
    private static final byte[] INDEX;

    static {
        NAMES = new String[TAGGED.length + 1];
        int max = 0;
        for (int i = 0; i < TAGGED.length; i++) {
            NAMES[i] = Type.string(TAGGED[i]);
            max = Math.max(max, TAGGED[i]);
        }
        NAMES[TAGGED.length] = OTHER;
        INDEX = new byte[max + 1];
        java.util.Arrays.fill(INDEX, (byte) TAGGED.length);
        for (int i = 0; i < TAGGED.length; i++) {
            INDEX[TAGGED[i]] = (byte) i;
        }
    }

    private QueryTypeTag() {
    }

    /** Number of distinct tag values, {@link #OTHER} included. */
    static int count() {
        return NAMES.length;
    }

    /** The tag index of a type code: an array read, no map. */
    static int index(int qtype) {
        if (qtype < 0 || qtype >= INDEX.length) {
            return NAMES.length - 1;
        }
        return INDEX[qtype];
    }
}
