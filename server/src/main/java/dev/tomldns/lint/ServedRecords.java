package dev.tomldns.lint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Every record of the zones we serve, indexed by owner name, so that a check can look at neighbours (the other
 * SPF records at a name, the target of an {@code include:}, the CNAME beside a CAA RRset).
 */
public final class ServedRecords {
    private final Collection<LintRecord> records;
    private final Set<Name> origins;
    /** Names owning a record a policy check starts from (TXT, CAA, SPF type 99), in first-seen order. */
    private final Set<Name> policyNames = new LinkedHashSet<>();
    /** The records of the policy names: what most lookups ask for. */
    private final Map<Name, List<LintRecord>> atPolicyNames = new HashMap<>();
    /** Every name's records, made on the first lookup elsewhere: a large zone's lint rarely needs it. */
    private Map<Name, List<LintRecord>> byName;

    public ServedRecords(Collection<LintRecord> records, Set<Name> origins) {
        this.records = records;
        this.origins = Set.copyOf(origins);
        for (LintRecord r : records) {
            int type = r.record().getType();
            if (type == Type.TXT || type == Type.CAA || type == Type.SPF) {
                policyNames.add(r.record().getName());
            }
        }
        for (LintRecord r : records) {
            if (policyNames.contains(r.record().getName())) {
                atPolicyNames.computeIfAbsent(r.record().getName(), n -> new ArrayList<>(2)).add(r);
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

    /** The owner names, in first-seen (file) order. */
    public Set<Name> names() {
        return all().keySet();
    }

    public List<LintRecord> at(Name name) {
        List<LintRecord> here = atPolicyNames.get(name);
        if (here != null) {
            return here;
        }
        return all().getOrDefault(name, List.of());
    }

    private Map<Name, List<LintRecord>> all() {
        if (byName == null) {
            Map<Name, List<LintRecord>> index = new LinkedHashMap<>();
            for (LintRecord r : records) {
                index.computeIfAbsent(r.record().getName(), n -> new ArrayList<>(2)).add(r);
            }
            byName = index;
        }
        return byName;
    }

    public List<LintRecord> at(Name name, int type) {
        return at(name).stream().filter(r -> r.record().getType() == type).toList();
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
