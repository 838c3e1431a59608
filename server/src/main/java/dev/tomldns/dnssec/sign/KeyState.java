package dev.tomldns.dnssec.sign;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A key's state at one moment and its next step, in the words {@code tomldns dnssec keys} prints and the server
 * logs: RFC 7583 §3.1's published, ready, active, retired and removed, with the wait for the DS at the parent.
 *
 * @param state what the key does now
 * @param next what happens to it next, and when (or what the user has to do)
 */
public record KeyState(String state, String next) {
    /**
     * The state of {@code k}, one of {@code keys}, at {@code now}.
     *
     * @param zone the zone's name as the commands take it
     * @param policy the zone's policy, for the time of the next rollover; null when not known
     */
    public static KeyState of(SigningKey k, List<SigningKey> keys, String zone, SigningPolicy policy, Instant now) {
        String signs = k.role() == SigningKey.Role.CSK ? "signs the DNSKEY RRset and the zone"
                : k.signsKeys() ? "signs the DNSKEY RRset" : "signs the zone";
        if (k.remove() != null && !now.isBefore(k.remove())) {
            return new KeyState("removed", "its DNSKEY leaves the zone at the next signing");
        }
        if (k.retire() != null && !now.isBefore(k.retire())) {
            return new KeyState("retired: signs nothing, DNSKEY still published so cached signatures validate",
                    "DNSKEY removed at " + k.remove());
        }
        if (k.signsKeys() && k.retireActive() != null && !now.isBefore(k.retireActive())) {
            return new KeyState("retiring: its successor is active; it still signs the DNSKEY RRset while "
                    + "resolvers may hold its DS from the parent", "retired at " + k.retire()
                    + ", DNSKEY removed at " + k.remove());
        }
        if (k.waitsForDsAt(now)) {
            if (k.submitted() != null) {
                return new KeyState("ready: signs the DNSKEY RRset; CDS and CDNSKEY point to it; DS confirmed at "
                        + "the parent " + k.submitted(), "active at the next signing (within a minute), the old "
                        + "key retiring");
            }
            return new KeyState("ready since " + k.ready() + ": signs the DNSKEY RRset beside the old key; CDS and "
                    + "CDNSKEY point to it; waiting for its DS at the parent", "put its DS at the parent (`tomldns "
                    + "dnssec ds " + zone + "`), then run `tomldns dnssec ksk-submitted " + zone + "`; the old key "
                    + "is retired only after that");
        }
        if (k.activate() == null || k.activate().isAfter(now)) {
            return new KeyState("published: DNSKEY in the zone, signs nothing yet", k.signsKeys()
                    ? "ready at " + k.ready() + ": signs the DNSKEY RRset, and CDS and CDNSKEY point to it"
                    : "active at " + k.activate() + ": signs the zone");
        }
        String state = "active, " + signs;
        if (k.role() == SigningKey.Role.ZSK && k.retire() != null) {
            return new KeyState(state, "retired at " + k.retire() + " (its successor signs then), DNSKEY removed at "
                    + k.remove());
        }
        SigningKey successor = keys.stream().filter(o -> o != k && o.role() == k.role() && o.activate() == null)
                .findFirst().orElse(null);
        if (successor != null) {
            return new KeyState(state, "retiring once the DS of its successor, key " + successor.tag()
                    + ", is confirmed at the parent");
        }
        if (policy == null) {
            return new KeyState(state, "none planned here (give --config for the policy's rollover times)");
        }
        if (k.role() == SigningKey.Role.ZSK) {
            return new KeyState(state, policy.zskLifetime() == null ? "never rolled (no zsk-lifetime-days)"
                    : "successor published around " + ZskRollover.nextStep(k, policy,
                    java.time.Duration.ofSeconds(k.dnskey().getTTL())));
        }
        return new KeyState(state, policy.kskLifetime() == null
                ? "never rolled (ksk-lifetime-days = 0)"
                : "rollover starts at " + KskRollover.nextStep(k, policy) + ": a successor "
                + k.role().name().toLowerCase(Locale.ROOT) + " is published");
    }

    @Override
    public String toString() {
        return state + "; next: " + next;
    }
}
