package dev.tomldns.lint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 *
 * <p>The lint runs while a zone loads, on a JVM that has not compiled it yet, so the lookups here are plain loops
 * (no stream pipelines for the compiler to inline on every name) and the joined TXT text of a name is made once
 * for all the checks that read it.
 */
public final class ServedRecords {
    /** The types a policy check starts from: TXT (SPF, DMARC, DKIM, MTA-STS, TLS-RPT), CAA and SPF (type 99). */
    public static final Set<Integer> POLICY_TYPES = Set.of(Type.TXT, Type.CAA, Type.SPF);

    /** The records of one type at a name that the given records leave out, from wherever the zone is kept. */
    @FunctionalInterface
    public interface Neighbours {
        List<LintRecord> at(Name name, int type);
    }

    private final Map<Name, List<LintRecord>> byName = new HashMap<>();
    private final Set<Name> origins;
    /** Names owning a record a policy check starts from, in first-seen order. */
    private final Set<Name> policyNames = new LinkedHashSet<>();
    private final Neighbours elsewhere;
    private Name lastTxtName;
    private List<Txt> lastTxt;

    public ServedRecords(Collection<LintRecord> records, Set<Name> origins) {
        this(records, origins, (name, type) -> List.of());
    }

    /**
     * @param records   the records given with their lines: every record, or (for a large zone) only those of
     *                  {@link #POLICY_TYPES}, which are all a finding is ever reported at
     * @param elsewhere the other records of one type at a name, asked for only when a check looks at that
     *                  neighbour (the address of an MTA-STS host, a CNAME beside CAA), so a loaded zone makes
     *                  records of that type alone instead of a million being listed for the lint
     */
    public ServedRecords(Collection<LintRecord> records, Set<Name> origins, Neighbours elsewhere) {
        this.origins = Set.copyOf(origins);
        this.elsewhere = elsewhere;
        for (LintRecord r : records) {
            Name name = r.record().getName();
            List<LintRecord> at = byName.get(name);
            if (at == null) {
                at = new ArrayList<>(2);
                byName.put(name, at);
            }
            at.add(r);
            if (isPolicyType(r.record().getType())) {
                policyNames.add(name);
            }
        }
    }

    /** Whether {@code type} is one of {@link #POLICY_TYPES}, without boxing it. */
    public static boolean isPolicyType(int type) {
        return type == Type.TXT || type == Type.CAA || type == Type.SPF;
    }

    /**
     * The names the policy checks start from: every check reads TXT, CAA or SPF-type records at the name it is
     * given and looks elsewhere only from there, so in a large zone the other names (most of them) are skipped.
     */
    public Set<Name> policyNames() {
        return policyNames;
    }

    /** The records given at {@code name} (for a large zone, its policy records only). */
    List<LintRecord> given(Name name) {
        return byName.getOrDefault(name, List.of());
    }

    public List<LintRecord> at(Name name, int type) {
        List<LintRecord> own = ofType(given(name), type);
        // The policy types are all in the given records: no need to ask elsewhere for them.
        if (isPolicyType(type)) {
            return own;
        }
        List<LintRecord> other = elsewhere.at(name, type);
        if (other.isEmpty()) {
            return own;
        }
        if (own.isEmpty()) {
            return other;
        }
        List<LintRecord> all = new ArrayList<>(own);
        all.addAll(other);
        return all;
    }

    private static List<LintRecord> ofType(List<LintRecord> records, int type) {
        List<LintRecord> out = null;
        for (int i = 0; i < records.size(); i++) {
            LintRecord r = records.get(i);
            if (r.record().getType() == type) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(r);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * Whether label {@code i} of {@code name} is {@code label} (lower-case ASCII, such as {@code _dmarc}) in any
     * case: what {@code name.getLabelString(i).equalsIgnoreCase(label)} says, without making the label's
     * presentation string for every name of a large zone (a label holding anything else than ASCII letters, digits,
     * '-' and '_' never matches either way).
     */
    static boolean labelIs(Name name, int i, String label) {
        byte[] wire = name.getLabel(i);
        if (wire[0] != label.length()) {
            return false;
        }
        for (int j = 0; j < label.length(); j++) {
            int b = wire[j + 1] & 0xff;
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != label.charAt(j)) {
                return false;
            }
        }
        return true;
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

    /**
     * TXT records at {@code name} with their text. The checks of one name run one after the other and each reads
     * its TXT records, so the texts of the last name asked for are kept (by identity: the name the checks were
     * given) rather than joined again by each check.
     */
    public List<Txt> txt(Name name) {
        if (name == lastTxtName) {
            return lastTxt;
        }
        List<LintRecord> records = at(name, Type.TXT);
        List<Txt> txt;
        if (records.isEmpty()) {
            txt = List.of();
        } else if (records.size() == 1) {
            txt = List.of(Txt.of(records.get(0)));
        } else {
            Txt[] out = new Txt[records.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Txt.of(records.get(i));
            }
            txt = List.of(out);
        }
        lastTxtName = name;
        lastTxt = txt;
        return txt;
    }

    /**
     * A TXT record and its text: the character-strings joined with nothing between them, as SPF (RFC 7208 §3.3),
     * DKIM (RFC 6376 §3.6.2.2) and DMARC readers do.
     */
    public record Txt(LintRecord source, String text) {
        static Txt of(LintRecord r) {
            List<byte[]> strings = ((TXTRecord) r.record()).getStringsAsByteArrays();
            int length = 0;
            for (byte[] s : strings) {
                length += s.length;
            }
            byte[] joined = new byte[length];
            int at = 0;
            for (byte[] s : strings) {
                System.arraycopy(s, 0, joined, at, s.length);
                at += s.length;
            }
            return new Txt(r, new String(joined, StandardCharsets.UTF_8));
        }

        /**
         * Whether the text starts with {@code prefix} once its spaces are dropped, as {@code
         * text.replace(" ", "").startsWith(prefix)} says, without copying the text.
         */
        boolean startsWithoutSpaces(String prefix) {
            return startsWithoutSpaces(text, prefix, false);
        }

        /**
         * As {@link #startsWithoutSpaces}, comparing ASCII letters in any case: for a lower-case ASCII {@code prefix}
         * without 'i' or 'k' this says what {@code text.replace(" ", "").toLowerCase(Locale.ROOT).startsWith(prefix)}
         * says, since the only other characters that lower-case to ASCII are the Kelvin sign (to 'k') and the
         * dotted capital I (to 'i' and a combining dot).
         */
        boolean startsWithoutSpacesAnyCase(String prefix) {
            return startsWithoutSpaces(text, prefix, true);
        }

        static boolean startsWithoutSpaces(String text, String prefix, boolean anyCase) {
            int p = 0;
            for (int i = 0; i < text.length() && p < prefix.length(); i++) {
                char c = text.charAt(i);
                if (c == ' ') {
                    continue;
                }
                if (anyCase && c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                if (c != prefix.charAt(p)) {
                    return false;
                }
                p++;
            }
            return p == prefix.length();
        }
    }
}
