package dev.tomldns.rrl;

import dev.tomldns.security.CidrBlock;
import dev.tomldns.wire.ResponseKind;
import java.util.List;

/**
 * Response rate limiting settings: the {@code [rrl]} table of the server configuration. Its names are BIND's
 * ({@code rate-limit { responses-per-second; slip; window; ipv4-prefix-length; ... }}); Knot calls the rate
 * {@code rate-limit}, the slip {@code rate-limit-slip} and the table {@code rate-limit-table-size}.
 *
 * @param responsesPerSecond  answers per second to one client prefix for one name and type; 0: not limited
 * @param nodataPerSecond     NODATA per second per client prefix and name; 0: not limited
 * @param nxdomainsPerSecond  NXDOMAIN per second per client prefix and zone (a random-name flood is one bucket)
 * @param referralsPerSecond  referrals per second per client prefix and delegation
 * @param errorsPerSecond     errors (REFUSED, FORMERR, SERVFAIL, ...) per second per client prefix
 * @param slip                every {@code slip}-th limited response is sent truncated (TC=1, no records) instead of
 *                            dropped; 0 drops them all, 1 slips them all
 * @param window              seconds: a bucket owes at most {@code window} seconds of responses, so a flood stays
 *                            limited until its rate has been below the limit for that long on average
 * @param ipv4PrefixLength    IPv4 clients are counted per prefix of this length (24: a /24)
 * @param ipv6PrefixLength    IPv6 clients are counted per prefix of this length (56: a /56)
 * @param tableSize           buckets in the table (fixed: the oldest bucket makes room when it is full)
 * @param exemptClients       clients never limited (BIND's {@code exempt-clients})
 */
public record RrlSettings(int responsesPerSecond, int nodataPerSecond, int nxdomainsPerSecond, int referralsPerSecond,
                          int errorsPerSecond, int slip, int window, int ipv4PrefixLength, int ipv6PrefixLength,
                          int tableSize, List<CidrBlock> exemptClients) {
    /** The defaults of a present {@code [rrl]} table (see the README's "Response rate limiting"). */
    public static final int DEFAULT_RATE = 20;
    public static final int DEFAULT_SLIP = 2;
    public static final int DEFAULT_WINDOW = 15;
    public static final int DEFAULT_TABLE_SIZE = 65_536;

    public RrlSettings {
        exemptClients = List.copyOf(exemptClients);
        if (responsesPerSecond < 0 || nodataPerSecond < 0 || nxdomainsPerSecond < 0 || referralsPerSecond < 0
                || errorsPerSecond < 0 || slip < 0 || window < 1 || ipv4PrefixLength < 0 || ipv4PrefixLength > 32
                || ipv6PrefixLength < 0 || ipv6PrefixLength > 128 || tableSize < 1) {
            throw new IllegalArgumentException("bad RRL settings");
        }
    }

    /** Every kind at {@code rate} per second, the other settings at their defaults. */
    public static RrlSettings of(int rate) {
        return new RrlSettings(rate, rate, rate, rate, rate, DEFAULT_SLIP, DEFAULT_WINDOW, 24, 56,
                DEFAULT_TABLE_SIZE, List.of());
    }

    /** The same with another slip. */
    public RrlSettings withSlip(int newSlip) {
        return new RrlSettings(responsesPerSecond, nodataPerSecond, nxdomainsPerSecond, referralsPerSecond,
                errorsPerSecond, newSlip, window, ipv4PrefixLength, ipv6PrefixLength, tableSize, exemptClients);
    }

    /** The rate for responses of {@code kind}; 0: not limited. */
    public int rate(ResponseKind kind) {
        return switch (kind) {
            case ANSWER -> responsesPerSecond;
            case NODATA -> nodataPerSecond;
            case NXDOMAIN -> nxdomainsPerSecond;
            case REFERRAL -> referralsPerSecond;
            case ERROR -> errorsPerSecond;
        };
    }
}
