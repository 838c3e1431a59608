package dev.tomldns.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tomldns.dnssec.SignatureExpiry;
import dev.tomldns.lint.Finding;
import dev.tomldns.lint.ZoneLint;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns check [--zones DIR | FILE...]}: validates zone files like {@code named-checkzone} and
 * {@code kzonecheck}. Prints {@code file:line: message} per finding; exits 0 when clean, 1 on any error.
 * Then lints the policy records (CAA, SPF, DMARC, DKIM, MTA-STS, TLS-RPT) and prints
 * {@code file:line: severity: message [RFC ...] fix: ...}; a policy error also makes the exit code 1.
 * A signed zone whose earliest RRSIG expires within a day is a warning, one already expired an error
 * (RFC 4035 §5.3.1: validating resolvers then answer SERVFAIL).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate zone files; print file:line: message for each problem. Exit 0 clean, 1 errors.")
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--zones", paramLabel = "DIR", description = "Folder of *.toml zone files (default: zones).")
    Path zones;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Zone files to check instead of a folder.")
    List<Path> files;

    @Option(names = "--config", paramLabel = "FILE", description = "Also check this server configuration (keys, "
            + "transfer ACLs, update grants; a weak key such as hmac-md5 is a warning); its `zones` folder is "
            + "checked unless --zones or FILEs are given.")
    Path config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (one document: zones, diagnostics, policy findings).")
    OutputFormat format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int configErrors = 0;
        int secondaries = 0;
        Instant now = Instant.now();
        if (config != null) {
            try {
                dev.tomldns.config.ServerConfig settings = dev.tomldns.config.ServerConfigReader.read(config);
                settings.warnings().forEach(w -> err.println(w));
                configErrors += checkSecondaryCopies(settings, now, out);
                secondaries = settings.secondaries().size();
                if (zones == null && settings.zonesDir() != null) {
                    zones = settings.zonesDir();
                }
            } catch (dev.tomldns.config.ConfigException e) {
                e.problems().forEach(p -> err.println(p));
                configErrors = e.problems().size();
            }
            err.flush();
        }
        List<Path> targets;
        try {
            targets = files != null && !files.isEmpty() ? files : ZoneDirectory.list(zones == null ? Path.of("zones") : zones);
        } catch (IOException e) {
            err.println((zones == null ? "zones" : zones) + ": cannot read zones folder: " + ZoneFileReader.unreadable(e));
            return 1;
        }
        if (targets.isEmpty() && secondaries > 0 && (files == null || files.isEmpty())) {
            // A server that is only a secondary has no zone files: its configuration and stored copies were checked.
            err.flush();
            return configErrors > 0 ? 1 : 0;
        }
        if (targets.isEmpty()) {
            err.println("no zone files (*.toml) to check");
            return 1;
        }
        List<ZoneFile> results = ZoneDirectory.readAll(targets, new ZoneFileReader());
        List<Finding> findings = policyFindings(results);
        if (format == OutputFormat.json) {
            return Math.max(printJson(out, results, findings, now), configErrors > 0 ? 1 : 0);
        }
        int errors = configErrors;
        for (ZoneFile zf : results) {
            for (Diagnostic d : diagnostics(zf, now)) {
                out.println(d);
                if (d.isError()) {
                    errors++;
                }
            }
            if (zf.ok()) {
                out.println(zf.file() + ": zone " + zf.zone().origin() + " serial " + zf.zone().serial()
                        + (zf.managedSerial() ? " (managed)" : "") + ": OK, " + zf.zone().records().size()
                        + " records");
            }
        }
        for (Finding f : findings) {
            out.println(f);
            if (f.isError()) {
                errors++;
            }
        }
        out.flush();
        if (errors > 0) {
            err.println(errors + " error(s)");
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * The signature expiry of each secondary zone's stored copy in {@code data-dir}: a secondary serves what its
     * primary signed, so a primary that stopped re-signing shows here first. Returns the number of errors.
     */
    private static int checkSecondaryCopies(dev.tomldns.config.ServerConfig settings, Instant now, PrintWriter out) {
        if (settings.dataDir() == null) {
            return 0;
        }
        dev.tomldns.xfr.ZoneFileStore store = new dev.tomldns.xfr.ZoneFileStore(settings.dataDir());
        int errors = 0;
        for (dev.tomldns.config.SecondaryConfig secondary : settings.secondaries()) {
            Path file = store.fileOf(secondary.zone());
            SignatureExpiry earliest;
            try {
                earliest = SignatureExpiry.of(store.load(secondary.zone()).map(s -> s.zone()).orElse(null));
            } catch (IOException | RuntimeException e) {
                out.println(file + ": warning: secondary " + secondary.zone() + ": stored copy not readable, its "
                        + "signatures not checked: " + ZoneFileReader.unreadable(e));
                continue;
            }
            if (earliest == null || earliest.state(now) == SignatureExpiry.State.VALID) {
                continue;
            }
            if (earliest.state(now) == SignatureExpiry.State.EXPIRED) {
                errors++;
                out.println(file + ": " + earliest.describe(now));
            } else {
                out.println(file + ": warning: " + earliest.describe(now) + ": check that the primary still re-signs "
                        + "and that transfers from it succeed");
            }
        }
        out.flush();
        return errors;
    }

    /** The reader's diagnostics of a file, then the signature expiry of its zone when that is near or past. */
    private static List<Diagnostic> diagnostics(ZoneFile zf, Instant now) {
        SignatureExpiry earliest = zf.ok() ? SignatureExpiry.of(zf.zone()) : null;
        if (earliest == null || earliest.state(now) == SignatureExpiry.State.VALID) {
            return zf.diagnostics();
        }
        int line = zf.records().stream().filter(r -> earliest.is(r.record())).mapToInt(SourcedRecord::line)
                .findFirst().orElse(0);
        List<Diagnostic> all = new ArrayList<>(zf.diagnostics());
        all.add(earliest.state(now) == SignatureExpiry.State.EXPIRED
                ? Diagnostic.error(zf.file(), line, earliest.describe(now))
                : Diagnostic.warning(zf.file(), line, earliest.describe(now) + ": re-sign the zone on its primary "
                        + "(or check that the primary still re-signs and transfers)"));
        return all;
    }

    /**
     * The policy lint of every zone. Should it fail on some input (a bug), the files are linted one by one so the
     * failure is reported at the file it concerns, in words, and the other files' findings still count.
     */
    private static List<Finding> policyFindings(List<ZoneFile> results) {
        try {
            return ZoneLint.findings(results);
        } catch (RuntimeException | StackOverflowError e) {
            List<Finding> out = new ArrayList<>();
            for (ZoneFile zf : results) {
                try {
                    out.addAll(ZoneLint.findings(List.of(zf)));
                } catch (RuntimeException | StackOverflowError inner) {
                    out.add(new Finding(Finding.Severity.ERROR, zf.file(), 0, "tomldns", "the policy checks of this "
                            + "file failed (a bug in tomldns: please report it with the file)", null));
                }
            }
            return out;
        }
    }

    /** The same result as one JSON document; exit code as in text mode. */
    private static int printJson(PrintWriter out, List<ZoneFile> results, List<Finding> findings, Instant now) {
        List<Map<String, Object>> zones = new ArrayList<>();
        int errors = 0;
        for (ZoneFile zf : results) {
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("file", zf.file().toString());
            z.put("ok", zf.ok());
            if (zf.ok()) {
                z.put("origin", zf.zone().origin().toString());
                z.put("serial", zf.zone().serial());
                z.put("records", zf.zone().records().size());
            }
            List<Map<String, Object>> diagnostics = new ArrayList<>();
            for (Diagnostic d : diagnostics(zf, now)) {
                errors += d.isError() ? 1 : 0;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", d.line());
                if (d.column() > 0) {
                    m.put("column", d.column());
                }
                m.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
                m.put("message", d.message());
                diagnostics.add(m);
            }
            z.put("diagnostics", diagnostics);
            zones.add(z);
        }
        List<Map<String, Object>> policy = new ArrayList<>();
        for (Finding f : findings) {
            errors += f.isError() ? 1 : 0;
            policy.add(JsonFindings.toMap(f));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("zones", zones);
        doc.put("findings", policy);
        doc.put("errors", errors);
        try {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
        return errors > 0 ? 1 : 0;
    }
}
