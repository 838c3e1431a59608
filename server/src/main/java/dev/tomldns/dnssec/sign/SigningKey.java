package dev.tomldns.dnssec.sign;

import java.security.PrivateKey;
import java.time.Instant;
import org.xbill.DNS.DNSKEYRecord;

/**
 * One DNSSEC key of a zone: its DNSKEY record (public part, flags, algorithm) and the private key that signs.
 * The private key is never logged or printed: {@link #toString} names the key by tag and algorithm only.
 *
 * @param role {@link Role#CSK} signs everything; the roles KSK and ZSK are for a split-key policy
 * @param dnskey the public key as published at the apex (flags 257: SEP bit set, RFC 4034 §2.1.1)
 * @param privateKey the signing key
 * @param created when it was generated
 * @param submitted when the user confirmed its DS is at the parent ({@code tomldns dnssec ksk-submitted}), or null
 * @param activate when it starts signing (RFC 7583 §3.2 pre-publication: published from {@code created}, signing
 *                 once resolvers have its DNSKEY)
 * @param retire when it stops signing (its successor's activation), or null
 * @param remove when its DNSKEY leaves the zone (once no cached signature needs it), or null
 */
public record SigningKey(Role role, DNSKEYRecord dnskey, PrivateKey privateKey, Instant created, Instant submitted,
                         Instant activate, Instant retire, Instant remove) {
    /** A key that signs from its creation on and is never retired. */
    public SigningKey(Role role, DNSKEYRecord dnskey, PrivateKey privateKey, Instant created, Instant submitted) {
        this(role, dnskey, privateKey, created, submitted, created, null, null);
    }

    /** Whether its DNSKEY is in the zone at {@code now}. */
    public boolean publishedAt(Instant now) {
        return !created.isAfter(now) && (remove == null || now.isBefore(remove));
    }

    /** Whether it signs at {@code now}. */
    public boolean signsAt(Instant now) {
        return !activate.isAfter(now) && (retire == null || now.isBefore(retire));
    }

    /** The same key, retired at {@code retire} and removed at {@code remove}. */
    public SigningKey retiring(Instant retire, Instant remove) {
        return new SigningKey(role, dnskey, privateKey, created, submitted, activate, retire, remove);
    }

    /** What a key signs (RFC 6781 §3.1: KSK, ZSK; RFC 8901's CSK, a key that is both). */
    public enum Role {
        /** Combined signing key: the DNSKEY RRset and every other RRset. */
        CSK,
        /** Key signing key: the DNSKEY RRset only. */
        KSK,
        /** Zone signing key: every RRset other than DNSKEY. */
        ZSK
    }

    /** The key tag (RFC 4034 Appendix B). */
    public int tag() {
        return dnskey.getFootprint();
    }

    public int algorithm() {
        return dnskey.getAlgorithm();
    }

    /** Whether this key signs the DNSKEY RRset (its DS is what the parent holds). */
    public boolean signsKeys() {
        return role != Role.ZSK;
    }

    /** Whether this key signs the RRsets other than DNSKEY. */
    public boolean signsZone() {
        return role != Role.KSK;
    }

    /** The same key, its DS confirmed at the parent at {@code when}. */
    public SigningKey withSubmitted(Instant when) {
        return new SigningKey(role, dnskey, privateKey, created, when, activate, retire, remove);
    }

    @Override
    public String toString() {
        return role.name().toLowerCase(java.util.Locale.ROOT) + " " + tag() + " (algorithm " + algorithm() + ")";
    }
}
