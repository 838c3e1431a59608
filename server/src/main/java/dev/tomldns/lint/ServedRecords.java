package dev.tomldns.lint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Every record of the zones we serve, indexed by owner name, so that a check can look at neighbours (the other
 * SPF records at a name, the target of an {@code include:}, the CNAME beside a CAA RRset).
 */
public final class ServedRecords {
    /** The types a policy check starts from: TXT (SPF, DMARC, DKIM, MTA-STS, TLS-RPT), CAA and SPF (type 99). */
    public static final Set<Integer> POLICY_TYPES = Set.of(Type.TXT, Type.CAA, Type.SPF);

    private final Map<Name, List<LintRecord>> byName = new LinkedHashMap<>();
    private final Set<Name> origins;
    /** Names owning a record a policy check starts from, in first-seen order. */
    private final Set<Name> policyNames = new LinkedHashSet<>();
    private final Function<Name, List<LintRecord>> elsewhere;

    public ServedRecords(Collection<LintRecord> records, Set<Name> origins) {
        this(records, origins, name -> List.of());
    }

    /**
     * @param records   the records given with their lines: every record, or (for a large zone) only those of
     *                  {@link #POLICY_TYPES}, which are all a finding is ever reported at
     * @param elsewhere the other records at a name, asked for only when a check looks at a neighbour (the address
     *                  of an MTA-STS host, a CNAME beside CAA): a loaded zone answers this without a million
     *                  records being listed for the lint
     */
    public ServedRecords(Collection<LintRecord> records, Set<Name> origins,
                         Function<Name, List<LintRecord>> elsewhere) {
        this.origins = Set.copyOf(origins);
        this.elsewhere = elsewhere;
        for (LintRecord r : records) {
            byName.computeIfAbsent(r.record().getName(), n -> new ArrayList<>(2)).add(r);
            if (POLICY_TYPES.contains(r.record().getType())) {
                policyNames.add(r.record().getName());
            }
        }
    }

    /**
     * The names the policy checks start from: every check reads TXT, CAA or SPF-type records at the name it is
     * given and looks elsewhere only from there, so in a large zone the other names (most of them) are skipped.
     */
    public Set<Name> policyNames() {
        return policyNames;
    }

    public List<LintRecord> at(Name name) {
        List<LintRecord> given = byName.getOrDefault(name, List.of());
        List<LintRecord> other = elsewhere.apply(name);
        if (other.isEmpty()) {
            return given;
        }
        List<LintRecord> all = new ArrayList<>(given);
        all.addAll(other);
        return all;
    }

    public List<LintRecord> at(Name name, int type) {
        // The policy types are all in the given records: no need to ask elsewhere for them.
        List<LintRecord> from = POLICY_TYPES.contains(type) ? byName.getOrDefault(name, List.of()) : at(name);
        return from.stream().filter(r -> r.record().getType() == type).toList();
    }

    /** Whether {@code name} lies in one of our zones (so what we hold there is all there is). */
    public boolean serves(Name name) {
        return zoneOf(name) != null;
    }

    /** The origin of the most specific zone holding {@code name}, or {@code null}. */
    public Name zoneOf(Name name) {
        Name best = null;
        for (Name origin : origins) {
            if (name.subdomain(origin) && (best == null || origin.labels() > best.labels())) {
                best = origin;
            }
        }
        return best;
    }

    /** TXT records at {@code name} with their text. */
    public List<Txt> txt(Name name) {
        return at(name, Type.TXT).stream().map(Txt::of).toList();
    }

    /**
     * A TXT record and its text: the character-strings joined with nothing between them, as SPF (RFC 7208 §3.3),
     * DKIM (RFC 6376 §3.6.2.2) and DMARC readers do.
     */
    public record Txt(LintRecord source, String text) {
        static Txt of(LintRecord r) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] s : ((TXTRecord) r.record()).getStringsAsByteArrays()) {
                joined.writeBytes(s);
            }
            return new Txt(r, joined.toString(StandardCharsets.UTF_8));
        }
    }
}
