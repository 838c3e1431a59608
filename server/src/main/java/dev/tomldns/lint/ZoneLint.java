package dev.tomldns.lint;

import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The policy lint applied to zone files as read: {@code tomldns check} prints its findings, and loading turns its
 * errors and warnings into diagnostics (and, in strict mode, keeps a zone with lint errors from being served).
 */
public final class ZoneLint {
    private ZoneLint() {
    }

    /** Lints every file together, so that checks across zones (SPF includes, DMARC reports) see them all. */
    public static List<Finding> findings(List<ZoneFile> files) {
        List<LintRecord> records = new ArrayList<>();
        Set<Name> origins = new HashSet<>();
        for (ZoneFile zf : files) {
            Name origin = origin(zf);
            if (origin != null) {
                origins.add(origin);
            }
            for (SourcedRecord r : zf.records()) {
                records.add(new LintRecord(r.record(), zf.file(), r.line()));
            }
        }
        return new PolicyLinter().lint(records, origins);
    }

    /**
     * The files with the lint's errors and warnings added to their diagnostics (infos are left to
     * {@code tomldns check}). With {@code strict}, a file with a lint error loses its zone, so it is not served and
     * a reload keeps the last good version, as with any other error.
     */
    public static List<ZoneFile> apply(List<ZoneFile> files, List<Finding> findings, boolean strict) {
        List<ZoneFile> out = new ArrayList<>(files.size());
        for (ZoneFile zf : files) {
            List<Diagnostic> diagnostics = new ArrayList<>(zf.diagnostics());
            boolean lintError = false;
            for (Finding f : findings) {
                if (!zf.file().equals(f.file()) || f.severity() == Finding.Severity.INFO) {
                    continue;
                }
                lintError |= f.isError();
                Diagnostic.Severity severity = f.isError() && strict ? Diagnostic.Severity.ERROR
                        : Diagnostic.Severity.WARNING;
                diagnostics.add(new Diagnostic(zf.file(), f.line(), severity, describe(f, strict)));
            }
            out.add(new ZoneFile(zf.file(), strict && lintError ? null : zf.zone(), List.copyOf(diagnostics),
                    zf.records(), zf.managedSerial(), zf.alsoNotify()));
        }
        return out;
    }

    /** A finding as diagnostic text: says "error" even when, not strict, it is logged as a warning. */
    static String describe(Finding f, boolean strict) {
        String kind = !f.isError() ? "policy: " : strict ? "policy error: "
                : "policy error (zone served anyway; --strict refuses it): ";
        return kind + f.message() + " [" + f.rule() + "]"
                + (f.fix() == null || f.fix().isEmpty() ? "" : " fix: " + f.fix());
    }

    /** The zone's origin: from the zone, else from its SOA record, else from the file name. */
    static Name origin(ZoneFile zf) {
        if (zf.zone() != null) {
            return zf.zone().origin();
        }
        for (SourcedRecord r : zf.records()) {
            if (r.record().getType() == Type.SOA) {
                return r.record().getName();
            }
        }
        try {
            return Name.fromString(ZoneFileReader.originFromFileName(zf.file()), Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }
}
