package dev.tomldns.dnssec.sign;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.DNSKEYRecord;

/**
 * One DNSSEC key of a zone: its DNSKEY record (public part, flags, algorithm), the private key that signs, and the
 * times of its states (RFC 7583 §3.1's key timeline, as Knot's KASP keeps them). The private key is never logged
 * or printed: {@link #toString} names the key by tag and algorithm only.
 *
 * <p>The states, each from its time on: published (DNSKEY in the zone); ready (a key-signing key signs the DNSKEY,
 * CDS and CDNSKEY RRsets and CDS/CDNSKEY point to it: its DS may go to the parent); active (a ZSK or CSK signs the
 * zone's RRsets; a KSK's or CSK's DS is the one the parent should hold); retire-active (a CSK no longer signs the
 * zone's RRsets, CDS/CDNSKEY no longer point to it, but it still signs the DNSKEY RRset while resolvers may hold
 * the parent's old DS); retired (signs nothing, DNSKEY still published); removed.
 *
 * @param role {@link Role#CSK} signs everything; the roles KSK and ZSK are for a split-key policy
 * @param dnskey the public key as published at the apex (flags 257: SEP bit set, RFC 4034 §2.1.1)
 * @param privateKey the signing key
 * @param created when it was generated and its DNSKEY published
 * @param submitted when the user (or a check of the parent) confirmed its DS is at the parent
 *                  ({@code tomldns dnssec ksk-submitted}), or null
 * @param ready when a key-signing key starts signing the DNSKEY RRset and CDS/CDNSKEY point to it; a ZSK's is its
 *              activation
 * @param activate when it becomes active; null for a KSK or CSK successor whose DS is not yet confirmed
 * @param retireActive when a KSK or CSK stops being the active one (its successor's DS confirmed), or null; a
 *                     ZSK's is its retirement
 * @param retire when it stops signing anything (a ZSK: its successor's activation), or null
 * @param remove when its DNSKEY leaves the zone (once no cached signature or DS needs it), or null
 */
public record SigningKey(Role role, DNSKEYRecord dnskey, PrivateKey privateKey, Instant created, Instant submitted,
                         Instant ready, Instant activate, Instant retireActive, Instant retire, Instant remove) {
    /** A key that signs from its creation on and is never retired. */
    public SigningKey(Role role, DNSKEYRecord dnskey, PrivateKey privateKey, Instant created, Instant submitted) {
        this(role, dnskey, privateKey, created, submitted, created, created, null, null, null);
    }

    /** Whether its DNSKEY is in the zone at {@code now}. */
    public boolean publishedAt(Instant now) {
        return !created.isAfter(now) && (remove == null || now.isBefore(remove));
    }

    /** Whether it signs the DNSKEY, CDS and CDNSKEY RRsets at {@code now}. */
    public boolean signsKeysAt(Instant now) {
        return signsKeys() && !ready.isAfter(now) && (retire == null || now.isBefore(retire));
    }

    /** Whether it signs the zone's other RRsets at {@code now}. */
    public boolean signsZoneAt(Instant now) {
        Instant end = role == Role.ZSK ? retire : retireActive;
        return signsZone() && activate != null && !activate.isAfter(now) && (end == null || now.isBefore(end));
    }

    /** Whether it signs anything at {@code now}. */
    public boolean signsAt(Instant now) {
        return signsKeysAt(now) || signsZoneAt(now);
    }

    /** Whether it is a key-signing key that is ready and waits for its DS to be confirmed at the parent. */
    public boolean waitsForDsAt(Instant now) {
        return signsKeys() && activate == null && !ready.isAfter(now);
    }

    /** Whether CDS and CDNSKEY may point to it at {@code now}: ready or active, not yet retire-active. */
    public boolean parentShouldHoldAt(Instant now) {
        return signsKeysAt(now) && (retireActive == null || now.isBefore(retireActive));
    }

    /**
     * The key-signing keys whose DS the parent should hold at {@code now}, which CDS and CDNSKEY point to
     * (RFC 7344 §4): a successor that is ready and waits for its DS alone, else the active one(s).
     */
    public static List<SigningKey> forParent(List<SigningKey> keys, Instant now) {
        List<SigningKey> ready = keys.stream().filter(k -> k.parentShouldHoldAt(now)).toList();
        List<SigningKey> waiting = ready.stream().filter(k -> k.waitsForDsAt(now)).toList();
        return waiting.isEmpty() ? ready : waiting;
    }

    /** The same key, retired at {@code retire} and removed at {@code remove} (a ZSK). */
    public SigningKey retiring(Instant retire, Instant remove) {
        return new SigningKey(role, dnskey, privateKey, created, submitted, ready, activate, retire, retire, remove);
    }

    /** The same key, no longer the active one from {@code retireActive}, signing until {@code retire}. */
    public SigningKey retiring(Instant retireActive, Instant retire, Instant remove) {
        return new SigningKey(role, dnskey, privateKey, created, submitted, ready, activate, retireActive, retire,
                remove);
    }

    /** The same key, active from {@code when}. */
    public SigningKey activated(Instant when) {
        return new SigningKey(role, dnskey, privateKey, created, submitted, ready, when, retireActive, retire,
                remove);
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
        return new SigningKey(role, dnskey, privateKey, created, when, ready, activate, retireActive, retire,
                remove);
    }

    @Override
    public String toString() {
        return role.name().toLowerCase(java.util.Locale.ROOT) + " " + tag() + " (algorithm " + algorithm() + ")";
    }
}
