package dev.tomldns.lint;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * Lints the policy records of a set of zones: CAA, SPF, DMARC, DKIM, MTA-STS and TLS-RPT. Checks that look
 * across names (SPF includes, DMARC report authorization) see every zone given, so lint all served zones at once.
 */
public final class PolicyLinter {
    /** Findings in file order, then line order. */
    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> String.valueOf(f.file()))
            .thenComparingInt(Finding::line);

    /**
     * @param records every record of the zones, with file and line
     * @param origins the zone origins (names under none are "beyond our zones")
     * @return findings, ordered by file and line
     */
    public List<Finding> lint(Collection<LintRecord> records, Set<Name> origins) {
        return lint(records, origins, (name, type) -> List.of());
    }

    /**
     * @param records   the records with their lines: all of them, or only the policy types' ({@link
     *                  ServedRecords#POLICY_TYPES})
     * @param elsewhere the other records of one type at a name, when {@code records} holds only the policy types
     */
    public List<Finding> lint(Collection<LintRecord> records, Set<Name> origins, ServedRecords.Neighbours elsewhere) {
        return lint(new ServedRecords(records, origins, elsewhere));
    }

    private List<Finding> lint(ServedRecords zones) {
        Findings out = new Findings();
        CaaLint caa = new CaaLint(zones, out);
        SpfLint spf = new SpfLint(zones, out);
        DmarcLint dmarc = new DmarcLint(zones, out);
        DkimLint dkim = new DkimLint(zones, out);
        MtaStsLint mtaSts = new MtaStsLint(zones, out);
        TlsRptLint tlsRpt = new TlsRptLint(zones, out);
        List<Consumer<Name>> families = List.of(caa::check, spf::check, dmarc::check, dkim::check, mtaSts::check,
                tlsRpt::check);
        for (Name name : zones.policyNames()) {
            for (Consumer<Name> family : families) {
                try {
                    family.accept(name);
                } catch (RuntimeException | StackOverflowError e) {
                    // A bug in one check must not stop a zone from loading, nor kill the thread that loads it: it
                    // becomes a finding at the record, in words (the records are served, only unchecked).
                    out.warning(zones.given(name).get(0), "tomldns", "the policy lint could not check the records "
                            + "at " + name + " (a fault in tomldns, not necessarily in the record); they are served "
                            + "unchecked", "please report this with the record");
                }
            }
        }
        return out.list().stream().sorted(ORDER).toList();
    }
}
