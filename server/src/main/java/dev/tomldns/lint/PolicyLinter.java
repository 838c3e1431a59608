package dev.tomldns.lint;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Lints the policy records of a set of zones: CAA, SPF, DMARC, DKIM, MTA-STS and TLS-RPT. Checks that look
 * across names (SPF includes, DMARC report authorization) see every zone given, so lint all served zones at once.
 */
public final class PolicyLinter {

    /**
     * @param records every record of the zones, with file and line
     * @param origins the zone origins (names under none are "beyond our zones")
     * @return findings, ordered by file and line
     */
    public List<Finding> lint(Collection<LintRecord> records, Set<Name> origins) {
        ServedRecords zones = new ServedRecords(records, origins);
        Findings out = new Findings();
        CaaLint caa = new CaaLint(zones, out);
        SpfLint spf = new SpfLint(zones, out);
        DmarcLint dmarc = new DmarcLint(zones, out);
        DkimLint dkim = new DkimLint(zones, out);
        MtaStsLint mtaSts = new MtaStsLint(zones, out);
        TlsRptLint tlsRpt = new TlsRptLint(zones, out);
        for (Name name : zones.names()) {
            caa.check(name);
            spf.check(name);
            dmarc.check(name);
            dkim.check(name);
            mtaSts.check(name);
            tlsRpt.check(name);
        }
        return out.list().stream()
                .sorted(Comparator.comparing((Finding f) -> String.valueOf(f.file())).thenComparingInt(Finding::line))
                .toList();
    }
}
