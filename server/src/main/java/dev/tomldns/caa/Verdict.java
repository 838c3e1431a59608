package dev.tomldns.caa;

import org.xbill.DNS.CAARecord;

/**
 * One reading's answer to "may this CA issue?": yes or no, why in plain words, and the property that decided it
 * ({@code null} when no single property did).
 */
public record Verdict(boolean allowed, String why, CAARecord decidedBy) {

    static Verdict allow(String why, CAARecord by) {
        return new Verdict(true, why, by);
    }

    static Verdict deny(String why, CAARecord by) {
        return new Verdict(false, why, by);
    }
}
