package dev.tomldns.config;

import java.time.Duration;

/**
 * How much one incoming zone transfer (AXFR or IXFR, RFC 5936 / RFC 1995) may bring before it is cut off: a primary
 * that streams without end, or a far larger zone than expected, must not take the secondary's memory or CPU. A
 * transfer over any limit fails as a whole; the last good copy keeps being served.
 *
 * @param maxRecords records in the transfer (an IXFR counts its deletions and additions)
 * @param maxOctets  octets of those records, each counted uncompressed (owner, type, class, TTL, length, RDATA)
 * @param maxTime    from connecting to the last message
 */
public record TransferLimits(long maxRecords, long maxOctets, Duration maxTime) {
    /**
     * Room for the million-record zones the server is measured with, twice over, while an endless stream is cut
     * after seconds: 2,000,000 records, 256 MiB, 300 s.
     */
    public static final TransferLimits DEFAULTS = new TransferLimits(2_000_000, 256L << 20, Duration.ofSeconds(300));

    public TransferLimits {
        if (maxRecords < 1 || maxOctets < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("transfer limits must be positive");
        }
    }
}
