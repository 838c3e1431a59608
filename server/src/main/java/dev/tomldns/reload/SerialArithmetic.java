package dev.tomldns.reload;

/** RFC 1982 serial number arithmetic on 32-bit SOA serials. */
public final class SerialArithmetic {
    private static final long MOD = 1L << 32;
    private static final long HALF = 1L << 31;

    private SerialArithmetic() {
    }

    /** RFC 1982 §3.2: {@code s1 > s2}. Pairs exactly 2^31 apart are undefined there; they count as not greater. */
    public static boolean greater(long s1, long s2) {
        long diff = Math.floorMod(s1 - s2, MOD);
        return diff != 0 && diff < HALF;
    }

    /** RFC 1982 §3.1: {@code s + 1}, wrapping at 2^32. */
    public static long next(long s) {
        return (s + 1) % MOD;
    }

    /** The later of two serials (RFC 1982 order); {@code a} when neither is greater. */
    public static long max(long a, long b) {
        return greater(b, a) ? b : a;
    }
}
