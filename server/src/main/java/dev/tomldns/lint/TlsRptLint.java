package dev.tomldns.lint;

import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;

/** Checks SMTP TLS Reporting policies (RFC 8460 §3) at {@code _smtp._tls.<domain>}. */
final class TlsRptLint {
    private static final String VERSION = "v=TLSRPTv1";
    private final ServedRecords zones;
    private final Findings out;

    TlsRptLint(ServedRecords zones, Findings out) {
        this.zones = zones;
        this.out = out;
    }

    void check(Name name) {
        if (name.labels() < 4 || !ServedRecords.labelIs(name, 0, "_smtp")
                || !ServedRecords.labelIs(name, 1, "_tls")) {
            return;
        }
        // RFC 8460 §3: tlsrpt-version = %s"v=TLSRPTv1" (case-sensitive); "Records that do not begin with a
        // version field of "v=TLSRPTv1" MUST be discarded", so any other text here sends no reports.
        List<ServedRecords.Txt> rpt = zones.txt(name).stream().filter(t -> beginsWith(t.text(), VERSION)).toList();
        if (rpt.size() > 1) {
            rpt.subList(1, rpt.size()).forEach(t -> out.error(t.source(), "RFC 8460 §3", rpt.size()
                    + " TLS-RPT records at " + name + ": senders then send no reports",
                    "keep a single v=TLSRPTv1 record"));
        }
        zones.txt(name).stream().filter(t -> !beginsWith(t.text(), VERSION))
                .forEach(t -> out.error(t.source(), "RFC 8460 §3", "TXT at " + name + " does not begin with "
                        + "v=TLSRPTv1 (exactly, case as written): senders discard it"
                        + (rpt.isEmpty() ? " and send no TLS reports" : ""), "v=TLSRPTv1; rua=mailto:..."));
        rpt.forEach(t -> checkRecord(t.source(), t.text()));
    }

    private void checkRecord(LintRecord at, String text) {
        TagList tags = TagList.parse(text);
        tags.problems().forEach(p -> out.error(at, "RFC 8460 §3", "TLS-RPT record: " + p, "v=TLSRPTv1; rua=..."));
        if (!tags.tags().isEmpty() && !"TLSRPTv1".equals(tags.tags().get(0).value())) {
            out.error(at, "RFC 8460 §3", "v= must be exactly TLSRPTv1", "v=TLSRPTv1; rua=mailto:...");
        }
        String rua = tags.value("rua");
        if (rua == null || rua.isBlank()) {
            out.error(at, "RFC 8460 §3", "the required rua= tag is missing: senders have nowhere to report",
                    "add rua=mailto:tls-reports@<domain>");
            return;
        }
        for (String raw : rua.split(",")) {
            String uri = raw.strip().toLowerCase(Locale.ROOT);
            if (uri.startsWith("mailto:") && uri.indexOf('@') > 7) {
                continue;
            }
            if (uri.startsWith("https://") && uri.length() > 8) {
                continue;
            }
            out.error(at, "RFC 8460 §3", "rua destination '" + Ascii.cut(raw.strip()) + "' is not a mailto: address or an "
                    + "https: URL", "rua=mailto:tls-reports@<domain> or rua=https://...");
        }
    }

    /**
     * Whether {@code text} begins with {@code version} exactly (case as written, no white space before it) and
     * the version field ends there: at ';', white space or the end of the text (RFC 8460 §3, RFC 8461 §3.1).
     */
    static boolean beginsWith(String text, String version) {
        if (!text.startsWith(version)) {
            return false;
        }
        if (text.length() == version.length()) {
            return true;
        }
        char next = text.charAt(version.length());
        return next == ';' || next == ' ' || next == '\t';
    }
}
