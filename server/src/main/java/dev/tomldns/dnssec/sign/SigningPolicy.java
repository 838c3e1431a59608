package dev.tomldns.dnssec.sign;

import java.time.Duration;
import org.xbill.DNS.DNSSEC;

/**
 * How one zone is signed: the {@code dnssec} setting of its {@code [[zone]]} entry in the server configuration.
 * {@link #DEFAULT} is what {@code dnssec = true} means, and is safe without reading anything: one combined signing
 * key (CSK) of ECDSA P-256 with SHA-256 (algorithm 13, RFC 6605, the algorithm RFC 8624 recommends for signing),
 * NSEC denial (RFC 4035), signatures valid 14 days and refreshed 7 days before they expire.
 *
 * @param algorithm DNSSEC algorithm number: {@link DNSSEC.Algorithm#ECDSAP256SHA256} or
 *                  {@link DNSSEC.Algorithm#ED25519} (RFC 8080)
 * @param denial NSEC or NSEC3 (RFC 5155 with RFC 9276's parameters: SHA-1, 0 extra iterations, no salt, no opt-out)
 * @param validity how long a new signature is valid from its inception
 * @param refresh a signature is re-made when it would expire within this much time
 * @param splitKeys a KSK (signs the DNSKEY, CDS and CDNSKEY RRsets) and a ZSK (signs the rest) instead of one CSK
 * @param zskLifetime with split keys, how long a ZSK signs before it is rolled over (RFC 7583 §3.2,
 *                    pre-publication); null: never
 * @param kskLifetime how long the KSK (or the CSK) is active before a rollover to a successor starts
 *                    ({@link KskRollover}, RFC 7583 §3.3.1 double-KSK); null: never (the default, as Knot's
 *                    {@code ksk-lifetime} and BIND's default policy: each rollover needs the DS changed at the
 *                    registrar)
 * @param parentDsTtl the TTL of the DS at the parent: how long resolvers may keep the old DS after the new one is
 *                    confirmed, so the old key keeps signing the DNSKEY RRset that long (BIND's parent-ds-ttl)
 * @param parentDsServer the server asked for the zone's DS at the parent ({@link ParentDs}: the parent's server or
 *                       a resolver; {@code parent-ds-server}); null: the parent is not watched
 */
public record SigningPolicy(int algorithm, Denial denial, Duration validity, Duration refresh, boolean splitKeys,
                            Duration zskLifetime, Duration kskLifetime, Duration parentDsTtl,
                            java.net.InetSocketAddress parentDsServer) {
    /** Authenticated denial of existence (RFC 4035 §3.1.3 with NSEC, RFC 5155 §7.2 with NSEC3). */
    public enum Denial { NSEC, NSEC3 }

    /**
     * The parent's DS TTL unless set: one day, as BIND's parent-ds-ttl default and the DS TTL of com. and net.
     * (many TLDs use one hour).
     */
    public static final Duration PARENT_DS_TTL = Duration.ofDays(1);

    /** {@code dnssec = true}: ECDSA P-256 CSK, NSEC, 14 days valid, refreshed 7 days before expiry. */
    public static final SigningPolicy DEFAULT = new SigningPolicy(DNSSEC.Algorithm.ECDSAP256SHA256, Denial.NSEC,
            Duration.ofDays(14), Duration.ofDays(7));

    /** The ZSK lifetime of a split-key policy unless set (Knot's zsk-lifetime is 30 days; 90 as many guides). */
    public static final Duration ZSK_LIFETIME = Duration.ofDays(90);

    /**
     * What a key's publication or withdrawal needs on top of the TTLs before the next step of a rollover: time for
     * secondaries to transfer the new version (RFC 7583 §3.3.1's propagation delay).
     */
    public static final Duration PROPAGATION = Duration.ofHours(1);

    /** One CSK. */
    public SigningPolicy(int algorithm, Denial denial, Duration validity, Duration refresh) {
        this(algorithm, denial, validity, refresh, false, null);
    }

    /** The KSK or CSK never rolled, the parent's DS TTL {@link #PARENT_DS_TTL}. */
    public SigningPolicy(int algorithm, Denial denial, Duration validity, Duration refresh, boolean splitKeys,
                         Duration zskLifetime) {
        this(algorithm, denial, validity, refresh, splitKeys, zskLifetime, null, PARENT_DS_TTL);
    }

    /** The parent not watched. */
    public SigningPolicy(int algorithm, Denial denial, Duration validity, Duration refresh, boolean splitKeys,
                         Duration zskLifetime, Duration kskLifetime, Duration parentDsTtl) {
        this(algorithm, denial, validity, refresh, splitKeys, zskLifetime, kskLifetime, parentDsTtl, null);
    }

    /** The same policy, the zone's DS asked of {@code server}. */
    public SigningPolicy withParentDsServer(java.net.InetSocketAddress server) {
        return new SigningPolicy(algorithm, denial, validity, refresh, splitKeys, zskLifetime, kskLifetime,
                parentDsTtl, server);
    }


    /**
     * Inception is set this far in the past, so a validator whose clock is behind ours still accepts a new
     * signature (BIND and Knot do the same, by one hour).
     */
    public static final Duration INCEPTION_OFFSET = Duration.ofHours(1);

    /**
     * Each signature's expiry is brought forward by a random amount up to this, so the signatures of a zone signed
     * at once do not all expire (and get refreshed) at once afterwards (BIND's signatures-jitter).
     */
    public static final Duration JITTER = Duration.ofDays(1);

    /**
     * When a refresh is due, signatures expiring within the refresh window plus this are re-made together, so
     * refreshes (each a new serial and an IXFR for the secondaries) come in batches (Knot's rrsig-pre-refresh).
     */
    public static final Duration BATCH = Duration.ofHours(1);

    public SigningPolicy {
        if (algorithm != DNSSEC.Algorithm.ECDSAP256SHA256 && algorithm != DNSSEC.Algorithm.ED25519) {
            throw new IllegalArgumentException("unsupported DNSSEC algorithm " + algorithm);
        }
        if (zskLifetime != null && !splitKeys) {
            throw new IllegalArgumentException("a ZSK lifetime needs split keys");
        }
        if (kskLifetime != null && (kskLifetime.isNegative() || kskLifetime.isZero())) {
            throw new IllegalArgumentException("a KSK lifetime must be positive (null: never rolled)");
        }
        if (parentDsTtl == null || parentDsTtl.isNegative()) {
            throw new IllegalArgumentException("the parent's DS TTL must be set and not negative");
        }
        if (refresh.compareTo(validity) >= 0) {
            throw new IllegalArgumentException("the refresh window must be shorter than the validity");
        }
    }

    /** The algorithm as configuration and {@code tomldns dnssec keys} write it. */
    public static String algorithmName(int algorithm) {
        return algorithm == DNSSEC.Algorithm.ED25519 ? "ed25519" : "ecdsa-p256-sha256";
    }
}
