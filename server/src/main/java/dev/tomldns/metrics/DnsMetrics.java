package dev.tomldns.metrics;

import dev.tomldns.wire.Transport;
import org.xbill.DNS.Name;

/**
 * What the server counts about itself, as the query path, the transports and the zone loader see it.
 *
 * <p>Every method is cheap and never throws: the query path calls {@link #query} once per answered message, so
 * an implementation must do no more than an array index and an atomic add there. Tag values are bounded by
 * construction (rare query types and rcodes are grouped, only zones the server serves get a zone tag), so a
 * flood of random names or types cannot grow the meter registry.
 *
 * <p>{@link #NOOP} does nothing, for tests and benchmarks that do not look at metrics.
 */
public interface DnsMetrics {

    /** Which way a zone transfer or NOTIFY went, seen from this server. */
    enum Direction {
        /** We received it (we are the secondary for a transfer, the notified one for a NOTIFY). */
        IN,
        /** We sent it (we served a transfer, or notified a secondary). */
        OUT;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a transfer or NOTIFY ended. */
    enum Outcome {
        OK, FAILED, REFUSED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * What a peer's answer means: NOERROR is ok; REFUSED, and NOTAUTH (RFC 8945 §5.2: the TSIG did not verify),
         * are refused; any other rcode, or none (negative), failed.
         */
        public static Outcome ofRcode(int rcode) {
            if (rcode == org.xbill.DNS.Rcode.NOERROR) {
                return OK;
            }
            return rcode == org.xbill.DNS.Rcode.REFUSED || rcode == org.xbill.DNS.Rcode.NOTAUTH ? REFUSED : FAILED;
        }
    }

    /** A metrics sink that does nothing. */
    DnsMetrics NOOP = new NoopDnsMetrics();

    /**
     * One answered query.
     *
     * @param transport     where it came in
     * @param qtype         the question's type code (RFC 1035 §3.2.2 TYPE/QTYPE)
     * @param rcode         the response code sent (RFC 1035 §4.1.1, RFC 6891 extended rcodes are grouped)
     * @param zoneOrNull    origin of the zone that answered, or null when no served zone matched (REFUSED)
     * @param responseBytes size of the response message on the wire
     * @param nanos         time from receiving the query to handing the response to the transport
     */
    void query(Transport transport, int qtype, int rcode, Name zoneOrNull, int responseBytes, long nanos);

    /** A UDP response was cut and sent with TC=1 (RFC 1035 §4.2.1, RFC 6891 §7). */
    void truncated();

    /** A packet that could not be parsed as a DNS query was dropped or answered with FORMERR. */
    void malformed(Transport transport);

    /** A TCP connection was accepted. */
    void tcpOpened();

    /** An accepted TCP connection closed. */
    void tcpClosed();

    /** A TCP connection was refused (connection limit reached) before any query was read. */
    void tcpRefused();

    /** Why the server closed a TCP connection of its own accord. */
    enum TcpClose {
        /** No query for the idle timeout (RFC 7766 §6.2.3). */
        IDLE,
        /** A query did not arrive whole within the query timeout. */
        QUERY_TIMEOUT,
        /** The connection table (or the client's share of it) was full: the connection idle longest made room. */
        EVICTED
    }

    /** The server closed a TCP connection: idle, too slow to send its query, or evicted for a newcomer. */
    default void tcpClosedByServer(TcpClose why) {
    }

    /**
     * A zone (re)load finished.
     *
     * @param zone  the zone's origin
     * @param ok    true when the new version is now served
     * @param error what went wrong when {@code ok} is false (first diagnostic), ignored otherwise
     */
    void reload(Name zone, boolean ok, String error);

    /** The serial now served for a zone (RFC 1035 §3.3.13 SOA SERIAL, an unsigned 32-bit number). */
    void serial(Name zone, long serial);

    /** A zone is no longer served: forget its per-zone meters. */
    void zoneRemoved(Name zone);

    /**
     * The Signature Expiration (RFC 4034 §3.1.5) of the zone's earliest-expiring RRSIG, for the gauge
     * {@code dns_zone_rrsig_expiry_seconds{zone}} (seconds left, counted at each scrape); {@code null} for an unsigned
     * zone removes the gauge.
     */
    default void signatureExpiry(Name zone, java.time.Instant expiration) {
    }

    /**
     * What the parent's server said of the zone's DS RRset (RFC 4035 §5.2), for the gauges
     * {@code dns_zone_ds_match{zone}} (1 when a DS at the parent matches a DNSKEY of the zone, 0 when none does) and
     * {@code dns_zone_dnskey_without_ds{zone}} (the KSKs and CSKs with no DS there); {@code matched} null removes
     * both (the zone is no longer watched).
     */
    default void parentDs(Name zone, Boolean matched, int dnskeysWithoutDs) {
    }

    /** A zone transfer (AXFR/IXFR) ended. */
    void transfer(Direction direction, Outcome outcome);

    /** A NOTIFY (RFC 1996) was received or sent. */
    void notify(Direction direction, Outcome outcome);

    /**
     * A dynamic update (RFC 2136) was answered, or dropped; counted apart from reloads. {@code result} is one of a
     * fixed few words: {@code applied}, {@code unchanged}, {@code prerequisite} (a prerequisite failed),
     * {@code refused} (no grant), {@code notauth} (bad signature, or a zone not served here as primary),
     * {@code notzone} (a name outside the zone), {@code formerr}, {@code servfail}, {@code overloaded} (the update
     * queue was full).
     *
     * @param zoneOrNull the served zone the update named, or null when it named none (the tag is then "none")
     */
    default void update(Name zoneOrNull, String result) {
    }

    /**
     * Response rate limiting held back a UDP response of {@code kind}: dropped, or ({@code slipped}) sent truncated
     * so the client retries over TCP.
     */
    default void rateLimited(dev.tomldns.wire.ResponseKind kind, boolean slipped) {
    }
}
