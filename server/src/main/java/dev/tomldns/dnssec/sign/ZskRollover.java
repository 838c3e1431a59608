package dev.tomldns.dnssec.sign;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The ZSK rollover of a split-key policy by pre-publication (RFC 7583 §3.2, RFC 6781 §4.1.1.1): the successor's
 * DNSKEY is published a DNSKEY TTL plus the propagation delay before it starts signing, so every resolver has it
 * when the first signature by it arrives; the old key then stops signing (every RRset is signed again by the new
 * one) and stays published for the zone's longest TTL plus the propagation delay, until no cached signature by it
 * is left; then its DNSKEY is removed. Each step's time is fixed when the successor is made and kept in the key
 * file, so a restart resumes the rollover where it was.
 */
final class ZskRollover {
    private ZskRollover() {
    }

    /**
     * The keys as they should be at {@code now}: removed keys dropped, and a successor made (and the current ZSK's
     * retirement planned) once the current ZSK's lifetime is near its end. Returns {@code keys} itself when
     * nothing changes.
     *
     * @param dnskeyTtl the DNSKEY RRset's TTL
     * @param maxTtl the longest TTL of any signed RRset of the zone
     */
    static List<SigningKey> plan(Name zone, List<SigningKey> keys, SigningPolicy policy, Instant now,
            Duration dnskeyTtl, Duration maxTtl) throws SigningException {
        List<SigningKey> out = new ArrayList<>();
        boolean changed = false;
        for (SigningKey k : keys) {
            if (k.remove() != null && !now.isBefore(k.remove())) {
                changed = true; // RFC 7583 §3.2: removed once no cached signature needs it
            } else {
                out.add(k);
            }
        }
        if (policy.zskLifetime() == null) {
            return changed ? List.copyOf(out) : keys;
        }
        SigningKey current = null;
        boolean successor = false;
        for (SigningKey k : out) {
            if (k.role() != SigningKey.Role.ZSK) {
                continue;
            }
            if (k.activate().isAfter(now)) {
                successor = true;
            } else if (k.retire() == null) {
                current = k;
            }
        }
        Duration lead = dnskeyTtl.plus(SigningPolicy.PROPAGATION);
        if (current != null && !successor && !now.isBefore(nextStep(current, policy, dnskeyTtl))) {
            Instant activate = now.plus(lead);
            SigningKey next = ZoneKeyStore.generate(zone, SigningKey.Role.ZSK, current.algorithm(),
                    current.dnskey().getTTL(), now);
            next = new SigningKey(next.role(), next.dnskey(), next.privateKey(), now, null, activate, activate, null,
                    null, null);
            out.set(out.indexOf(current),
                    current.retiring(activate, activate.plus(maxTtl).plus(SigningPolicy.PROPAGATION)));
            out.add(next);
            changed = true;
        }
        return changed ? List.copyOf(out) : keys;
    }

    /** When the successor of {@code zsk} is to be published: its lifetime's end less the pre-publication lead. */
    static Instant nextStep(SigningKey zsk, SigningPolicy policy, Duration dnskeyTtl) {
        return zsk.activate().plus(policy.zskLifetime()).minus(dnskeyTtl.plus(SigningPolicy.PROPAGATION));
    }

    /** The next time after {@code now} at which the keys' states change (or a successor is due), or null. */
    static Instant nextEvent(List<SigningKey> keys, SigningPolicy policy, Instant now, Duration dnskeyTtl) {
        Instant next = null;
        for (SigningKey k : keys) {
            for (Instant t : new Instant[] {k.created(), k.ready(), k.activate(), k.retireActive(), k.retire(),
                    k.remove()}) {
                if (t != null && t.isAfter(now) && (next == null || t.isBefore(next))) {
                    next = t;
                }
            }
            if (policy.zskLifetime() != null && k.role() == SigningKey.Role.ZSK && k.retire() == null
                    && !k.activate().isAfter(now)) {
                Instant t = nextStep(k, policy, dnskeyTtl);
                if (next == null || t.isBefore(next)) {
                    next = t;
                }
            }
        }
        return next;
    }
}
