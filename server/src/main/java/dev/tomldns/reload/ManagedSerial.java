package dev.tomldns.reload;

import java.time.LocalDate;

/**
 * The SOA serial the server keeps for a zone file that sets none: the date form {@code YYYYMMDDnn} people read in
 * {@code dig SOA}, rising on every content change and never going backwards (RFC 1982 order), also when more than
 * 99 changes fall on one day or the clock goes back.
 */
public final class ManagedSerial {
    private ManagedSerial() {
    }

    /** {@code YYYYMMDD01} of a day. */
    public static long firstOf(LocalDate day) {
        return (day.getYear() * 10000L + day.getMonthValue() * 100L + day.getDayOfMonth()) * 100 + 1;
    }

    /**
     * The serial for new content: today's first serial when it is later than {@code last}, otherwise
     * {@code last + 1} (RFC 1982 §3.1), so secondaries always see an increase.
     *
     * @param last the serial served or recorded before, or {@code null} when there is none
     */
    public static long next(Long last, LocalDate today) {
        long first = firstOf(today);
        if (last == null || SerialArithmetic.greater(first, last)) {
            return first;
        }
        return SerialArithmetic.next(last);
    }
}
