package dev.tomldns.metrics;

import org.xbill.DNS.Rcode;

/**
 * Maps a response code to a bounded tag value: the header rcodes 0..10 (RFC 1035 §4.1.1, RFC 2136 §2.2) keep
 * their mnemonic, extended rcodes (RFC 6891 §6.1.3) and unassigned codes share {@link #OTHER}.
 */
final class RcodeTag {

    static final String OTHER = "other";

    private static final int NAMED = Rcode.NOTZONE + 1;

    /** Tag values by index; the last one is {@link #OTHER}. */
    static final String[] NAMES;

    static {
        NAMES = new String[NAMED + 1];
        for (int i = 0; i < NAMED; i++) {
            NAMES[i] = Rcode.string(i);
        }
        NAMES[NAMED] = OTHER;
    }

    private RcodeTag() {
    }

    static int count() {
        return NAMES.length;
    }

    static int index(int rcode) {
        if (rcode < 0 || rcode >= NAMED) {
            return NAMED;
        }
        return rcode;
    }
}
