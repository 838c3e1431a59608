package dev.tomldns.lint;

import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.ZoneBuilder;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The policy lint applied to zone files as read: {@code tomldns check} prints its findings, and loading turns its
 * errors and warnings into diagnostics (and, in strict mode, keeps a zone with lint errors from being served).
 */
public final class ZoneLint {
    private ZoneLint() {
    }

    /**
     * Lints every file together, so that checks across zones (SPF includes, DMARC reports) see them all. Of a file
     * whose zone was built, only the policy records are listed (findings are reported at those); checks that look
     * at a neighbour ask the zone, so a million-record zone is not turned into a million lint records.
     */
    public static List<Finding> findings(List<ZoneFile> files) {
        List<LintRecord> records = new ArrayList<>();
        List<Finding> unread = new ArrayList<>();
        Set<Name> origins = new HashSet<>();
        List<ZoneFile> built = new ArrayList<>();
        for (ZoneFile zf : files) {
            Name origin = origin(zf);
            if (origin != null) {
                origins.add(origin);
            }
            boolean zone = zf.zone() != null;
            if (zone) {
                built.add(zf);
            }
            List<SourcedRecord> list = zf.records();
            for (int i = 0; i < list.size(); i++) {
                if (!zone || ServedRecords.isPolicyType(ZoneBuilder.typeAt(list, i))) {
                    SourcedRecord r = list.get(i);
                    if (r.record() == null) {
                        // RDATA that no record can be made of: said at its line rather than failing the lint.
                        unread.add(new Finding(Finding.Severity.WARNING, zf.file(), r.line(), "tomldns",
                                "the policy lint cannot read this record's data, so it is not checked",
                                "please report this with the record"));
                        continue;
                    }
                    records.add(new LintRecord(r.record(), zf.file(), r.line()));
                }
            }
        }
        ServedRecords.Neighbours elsewhere = (name, type) -> otherRecords(built, name, type);
        List<Finding> found = new PolicyLinter().lint(records, origins, elsewhere);
        if (unread.isEmpty()) {
            return found;
        }
        List<Finding> all = new ArrayList<>(found);
        all.addAll(unread);
        all.sort(PolicyLinter.ORDER);
        return all;
    }

    /**
     * The records of {@code type} (not a policy type) at {@code name}, from the built zones that hold it: only
     * that RRset is made from the zone's compact store, not every RRset at the name.
     */
    private static List<LintRecord> otherRecords(List<ZoneFile> built, Name name, int type) {
        List<LintRecord> out = List.of();
        for (ZoneFile zf : built) {
            if (ServedRecords.isPolicyType(type) || !name.subdomain(zf.zone().origin())) {
                continue;
            }
            RRset set = zf.zone().rrset(name, type);
            if (set == null) {
                continue;
            }
            if (out.isEmpty()) {
                out = new ArrayList<>();
            }
            for (Record r : set.rrs(false)) {
                out.add(new LintRecord(r, zf.file(), 0));
            }
        }
        return out;
    }

    /**
     * The files with the lint's errors and warnings added to their diagnostics (infos are left to
     * {@code tomldns check}). With {@code strict}, a file with a lint error loses its zone, so it is not served and
     * a reload keeps the last good version, as with any other error.
     */
    public static List<ZoneFile> apply(List<ZoneFile> files, List<Finding> findings, boolean strict) {
        List<ZoneFile> out = new ArrayList<>(files.size());
        for (ZoneFile zf : files) {
            List<Diagnostic> lint = diagnostics(zf, findings, strict);
            boolean lintError = lint.stream().anyMatch(Diagnostic::isError);
            List<Diagnostic> diagnostics = new ArrayList<>(zf.diagnostics());
            diagnostics.addAll(lint);
            out.add(new ZoneFile(zf.file(), strict && lintError ? null : zf.zone(), List.copyOf(diagnostics),
                    zf.records(), zf.managedSerial(), zf.alsoNotify()));
        }
        return out;
    }

    /**
     * The lint's errors and warnings at {@code zf}'s file as diagnostics (infos are left to {@code tomldns check}); an
     * error is an error only with {@code strict}, else a warning that says so.
     */
    public static List<Diagnostic> diagnostics(ZoneFile zf, List<Finding> findings, boolean strict) {
        List<Diagnostic> out = new ArrayList<>();
        for (Finding f : findings) {
            if (!zf.file().equals(f.file()) || f.severity() == Finding.Severity.INFO) {
                continue;
            }
            Diagnostic.Severity severity = f.isError() && strict ? Diagnostic.Severity.ERROR
                    : Diagnostic.Severity.WARNING;
            out.add(new Diagnostic(zf.file(), f.line(), severity, describe(f, strict)));
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
            if (r.record() != null && r.record().getType() == Type.SOA) {
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
