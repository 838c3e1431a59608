package dev.tomldns.dnssec.sign;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The rollover of the key whose DS the parent holds (the KSK of a split-key policy, or the CSK) by the double-KSK
 * method (RFC 7583 §3.3.1, RFC 6781 §4.1.2's double signature), with the steps and waits of Knot's KASP:
 * <ol>
 *   <li>Publish: once the active key's lifetime is over, a successor of the same role is made and its DNSKEY
 *       published.</li>
 *   <li>Ready: a DNSKEY TTL plus the propagation delay later, when every resolver that holds the DNSKEY RRset has
 *       it, the successor signs the DNSKEY (and CDS, CDNSKEY) RRset beside the old key, and CDS and CDNSKEY point to
 *       it alone (RFC 7344 §4, RFC 8078 §3): the DS at the parent may now be the old one, the new one or both, and
 *       the DNSKEY RRset validates with each.</li>
 *   <li>Submitted: the rollover waits, for as long as it takes, until the new DS is confirmed at the parent
 *       ({@code tomldns dnssec ksk-submitted}, as Knot's {@code zone-ksk-submitted}); nothing is retired
 *       before.</li>
 *   <li>Active: the successor becomes the active key (a CSK successor now signs the zone's RRsets too, whose
 *       signatures validate with its DNSKEY published since step 1); the old key no longer gets CDS, but keeps
 *       signing the DNSKEY RRset for the parent's DS TTL plus the propagation delay, while resolvers may still
 *       hold the old DS.</li>
 *   <li>Retired, then removed: it stops signing; its DNSKEY leaves once no cached DNSKEY RRset signed by it alone
 *       (a DNSKEY TTL plus the propagation delay) and, for a CSK, no cached signature of the zone's RRsets by it
 *       (the zone's longest TTL plus the propagation delay) can be left.</li>
 * </ol>
 * Each step's time is kept in the key file, so a restart resumes the rollover where it was.
 */
final class KskRollover {
    private KskRollover() {
    }

    /**
     * The keys as they should be at {@code now}: a successor made once the active key-signing key's lifetime is
     * over, and a successor whose DS was confirmed made active with its predecessor's retirement planned. Returns
     * {@code keys} itself when nothing changes.
     *
     * @param dnskeyTtl the DNSKEY RRset's TTL
     * @param maxTtl the longest TTL of any signed RRset of the zone
     */
    static List<SigningKey> plan(Name zone, List<SigningKey> keys, SigningPolicy policy, Instant now,
            Duration dnskeyTtl, Duration maxTtl) throws SigningException {
        List<SigningKey> out = new ArrayList<>(keys);
        boolean changed = false;
        // Step 4: a ready successor whose DS is confirmed becomes active; its predecessor(s) retire.
        for (int i = 0; i < out.size(); i++) {
            SigningKey next = out.get(i);
            if (!next.waitsForDsAt(now) || next.submitted() == null) {
                continue;
            }
            out.set(i, next.activated(now));
            for (int j = 0; j < out.size(); j++) {
                SigningKey old = out.get(j);
                if (j == i || !old.signsKeys() || old.activate() == null || old.retireActive() != null) {
                    continue;
                }
                Instant retire = now.plus(policy.parentDsTtl()).plus(SigningPolicy.PROPAGATION);
                Instant remove = retire.plus(dnskeyTtl).plus(SigningPolicy.PROPAGATION);
                if (old.signsZone()) {
                    // A CSK's last signatures of the zone's RRsets are made now; cached ones need its DNSKEY.
                    Instant cached = now.plus(maxTtl).plus(SigningPolicy.PROPAGATION);
                    remove = cached.isAfter(remove) ? cached : remove;
                }
                out.set(j, old.retiring(now, retire, remove));
            }
            changed = true;
        }
        // Step 1: the active key's lifetime is over and no successor is under way: publish one.
        if (policy.kskLifetime() != null && out.stream().noneMatch(k -> k.signsKeys() && k.activate() == null)) {
            SigningKey current = active(out);
            if (current != null && !now.isBefore(nextStep(current, policy))) {
                SigningKey made = ZoneKeyStore.generate(zone, current.role(), current.algorithm(),
                        current.dnskey().getTTL(), now);
                Instant ready = now.plus(dnskeyTtl).plus(SigningPolicy.PROPAGATION);
                out.add(new SigningKey(made.role(), made.dnskey(), made.privateKey(), now, null, ready, null, null,
                        null, null));
                changed = true;
            }
        }
        return changed ? List.copyOf(out) : keys;
    }

    /** The active key-signing key (the latest activated one not yet retiring), or null. */
    static SigningKey active(List<SigningKey> keys) {
        SigningKey current = null;
        for (SigningKey k : keys) {
            if (k.signsKeys() && k.activate() != null && k.retireActive() == null
                    && (current == null || k.activate().isAfter(current.activate()))) {
                current = k;
            }
        }
        return current;
    }

    /** When the successor of {@code key} is to be made: its activation plus the KSK lifetime. */
    static Instant nextStep(SigningKey key, SigningPolicy policy) {
        return key.activate().plus(policy.kskLifetime());
    }

    /** The next time after {@code now} at which a rollover of the key-signing key is due to start, or null. */
    static Instant nextEvent(List<SigningKey> keys, SigningPolicy policy, Instant now) {
        if (policy.kskLifetime() == null || keys.stream().anyMatch(k -> k.signsKeys() && k.activate() == null)) {
            return null;
        }
        SigningKey current = active(keys);
        if (current == null) {
            return null;
        }
        Instant t = nextStep(current, policy);
        return t.isAfter(now) ? t : null;
    }
}
