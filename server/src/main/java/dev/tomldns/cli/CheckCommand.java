package dev.tomldns.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tomldns.dnssec.SignatureExpiry;
import dev.tomldns.dnssec.sign.ParentDs;
import dev.tomldns.dnssec.sign.SigningException;
import dev.tomldns.dnssec.sign.SigningKey;
import dev.tomldns.dnssec.sign.ZoneKeyStore;
import dev.tomldns.lint.Finding;
import dev.tomldns.lint.ZoneLint;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import picocli.CommandLine;
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
 *
 * <p>With {@code --server ADDR}, the DS RRset of each signed zone (one whose file has DNSKEYs, one that
 * {@code serve} signs, a secondary's stored signed copy) is asked of ADDR and compared with the zone's DNSKEYs
 * ({@link ParentDs}): DS records that match no key are an error (the zone is bogus to validating resolvers, RFC
 * 4035 §5.2), as is a server that gives no answer; no DS, or a KSK without one, is a warning.
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

    @Option(names = "--server", paramLabel = "ADDR", converter = ServerAddress.class,
            description = "Also ask ADDR (the parent zone's server, or a resolver; address[:port], port 53 unless "
                    + "given) for the DS of each signed zone and compare it with the zone's DNSKEYs: an error when "
                    + "the DS matches none (bogus) or ADDR does not answer, a warning when there is no DS or a KSK "
                    + "has none.")
    InetSocketAddress server;

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
        dev.tomldns.config.ServerConfig settings = null;
        if (config != null) {
            try {
                settings = dev.tomldns.config.ServerConfigReader.read(config);
                settings.warnings().forEach(err::println);
                configErrors += checkSecondaryCopies(settings, now, out, server == null ? null : new ParentDs(server));
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
            noSignedZone(err);
            // A server that is only a secondary has no zone files: its configuration and stored copies were checked.
            err.flush();
            return configErrors > 0 ? 1 : 0;
        }
        if (targets.isEmpty()) {
            err.println("no zone files (*.toml) to check");
            return 1;
        }
        List<ZoneFile> results = ZoneDirectory.readAll(targets, new ZoneFileReader()::read);
        List<Finding> findings = policyFindings(results);
        Map<ZoneFile, List<Diagnostic>> parent = parentDs(results, settings, now);
        noSignedZone(err);
        if (format == OutputFormat.json) {
            return Math.max(printJson(out, results, findings, now, parent), configErrors > 0 ? 1 : 0);
        }
        int errors = configErrors;
        for (ZoneFile zf : results) {
            for (Diagnostic d : diagnostics(zf, now, parent)) {
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
    private int checkSecondaryCopies(dev.tomldns.config.ServerConfig settings, Instant now, PrintWriter out,
            ParentDs parent) {
        if (settings.dataDir() == null) {
            return 0;
        }
        dev.tomldns.xfr.ZoneFileStore store = new dev.tomldns.xfr.ZoneFileStore(settings.dataDir());
        int errors = 0;
        for (dev.tomldns.config.SecondaryConfig secondary : settings.secondaries()) {
            Path file = store.fileOf(secondary.zone());
            SignatureExpiry earliest;
            dev.tomldns.zone.Zone copy;
            try {
                copy = store.load(secondary.zone()).map(s -> s.zone()).orElse(null);
                earliest = SignatureExpiry.of(copy);
            } catch (IOException | RuntimeException e) {
                out.println(file + ": warning: secondary " + secondary.zone() + ": stored copy not readable, its "
                        + "signatures not checked: " + ZoneFileReader.unreadable(e));
                continue;
            }
            List<DNSKEYRecord> keys = copy == null ? List.of() : dnskeys(copy.rrset(copy.origin(), Type.DNSKEY));
            if (parent != null && !keys.isEmpty()) {
                for (Diagnostic d : parentDs(parent, file, 0, copy.origin(), keys, "the primary's signer has it")) {
                    out.println(d);
                    errors += d.isError() ? 1 : 0;
                }
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

    /**
     * The reader's diagnostics of a file, then the signature expiry of its zone when that is near or past, then
     * what {@code --server} said of the zone's DS at the parent.
     */
    private static List<Diagnostic> diagnostics(ZoneFile zf, Instant now, Map<ZoneFile, List<Diagnostic>> parent) {
        List<Diagnostic> all = new ArrayList<>(zf.diagnostics());
        SignatureExpiry earliest = zf.ok() ? SignatureExpiry.of(zf.zone()) : null;
        if (earliest != null && earliest.state(now) != SignatureExpiry.State.VALID) {
            int line = zf.records().stream().filter(r -> earliest.is(r.record())).mapToInt(SourcedRecord::line)
                    .findFirst().orElse(0);
            all.add(earliest.state(now) == SignatureExpiry.State.EXPIRED
                    ? Diagnostic.error(zf.file(), line, earliest.describe(now))
                    : Diagnostic.warning(zf.file(), line, earliest.describe(now) + ": re-sign the zone on its "
                            + "primary (or check that the primary still re-signs and transfers)"));
        }
        all.addAll(parent.getOrDefault(zf, List.of()));
        return all;
    }

    /** Zones whose DS at the parent was asked for; none after {@code --server} is worth a word. */
    private int parentChecked;

    /**
     * With {@code --server}: for each zone file whose zone is signed (DNSKEYs in the file, or signed by
     * {@code serve} with its keys in the state directory), what the server says of its DS.
     */
    private Map<ZoneFile, List<Diagnostic>> parentDs(List<ZoneFile> results, dev.tomldns.config.ServerConfig settings,
            Instant now) {
        Map<ZoneFile, List<Diagnostic>> out = new java.util.HashMap<>();
        if (server == null) {
            return out;
        }
        ParentDs parent = new ParentDs(server);
        for (ZoneFile zf : results) {
            if (!zf.ok()) {
                continue;
            }
            Name origin = zf.zone().origin();
            String advice = "`tomldns dnssec ds " + origin + "` prints it";
            List<DNSKEYRecord> keys;
            int line = 0;
            if (settings != null && settings.signing().containsKey(origin)) {
                keys = ourKeys(settings, origin, now, zf.file(), out.computeIfAbsent(zf, f -> new ArrayList<>()));
                if (keys == null) {
                    continue;
                }
            } else {
                keys = dnskeys(zf.zone().rrset(origin, Type.DNSKEY));
                if (keys.isEmpty()) {
                    continue;
                }
                line = zf.records().stream().filter(r -> r.record().getType() == Type.DNSKEY)
                        .mapToInt(SourcedRecord::line).findFirst().orElse(0);
                advice = "from the zone's signer";
            }
            out.computeIfAbsent(zf, f -> new ArrayList<>()).addAll(parentDs(parent, zf.file(), line, origin, keys,
                    advice));
        }
        return out;
    }

    /**
     * The published DNSKEYs of a zone {@code serve} signs, from the key store in the state directory (read only:
     * check makes nothing); null after a warning when there are none to compare.
     */
    private static List<DNSKEYRecord> ourKeys(dev.tomldns.config.ServerConfig settings, Name origin, Instant now,
            Path file, List<Diagnostic> into) {
        if (settings.stateDir() == null) {
            into.add(Diagnostic.warning(file, 0, "zone " + origin + " is signed by serve, but the configuration sets "
                    + "no state-dir to read its keys from: the DS at the parent is not checked"));
            return null;
        }
        ZoneKeyStore store = ZoneKeyStore.at(settings.stateDir().resolve(ZoneKeyStore.FOLDER));
        List<SigningKey> keys;
        try {
            keys = store.load(origin);
        } catch (SigningException e) {
            into.add(Diagnostic.error(file, 0, e.getMessage()));
            return null;
        }
        List<DNSKEYRecord> published = keys.stream().filter(k -> k.publishedAt(now)).map(SigningKey::dnskey).toList();
        if (published.isEmpty()) {
            into.add(Diagnostic.warning(file, 0, "zone " + origin + " has no DNSSEC keys in " + store.folder()
                    + " yet (serve makes them when it first loads the zone): the DS at the parent is not checked"));
            return null;
        }
        return published;
    }

    /** One zone's DS asked of the server, as diagnostics at {@code file:line}; no answer is an error here. */
    private List<Diagnostic> parentDs(ParentDs parent, Path file, int line, Name origin, List<DNSKEYRecord> keys,
            String advice) {
        parentChecked++;
        ParentDs.Report report = parent.check(origin, keys);
        List<Diagnostic> out = new ArrayList<>();
        for (ParentDs.Report.Line l : report.lines(advice)) {
            Diagnostic.Severity severity = report.outcome() == ParentDs.Outcome.UNANSWERED
                    ? Diagnostic.Severity.ERROR : l.severity();
            out.add(new Diagnostic(file, line, severity, l.text()));
        }
        return out;
    }

    /** The DNSKEY records of an RRset (none when it is null). */
    private static List<DNSKEYRecord> dnskeys(RRset rrset) {
        List<DNSKEYRecord> out = new ArrayList<>();
        if (rrset != null) {
            for (Record r : rrset.rrs(false)) {
                if (r instanceof DNSKEYRecord k) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** {@code --server} given and no zone signed: say so, so a typo in the zones is not taken for a pass. */
    private void noSignedZone(PrintWriter err) {
        if (server != null && parentChecked == 0) {
            err.println("check --server: no signed zone to check at the parent (none has DNSKEY records in its file"
                    + (config == null ? ", and without --config check does not know which zones serve signs)"
                    : " or a dnssec setting in the configuration)"));
            err.flush();
        }
    }

    /** {@code --server ADDR}: an IP address with an optional port (53 unless given). */
    static final class ServerAddress implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return dev.tomldns.config.ServerConfigReader.parseSocketAddress(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage() + " (e.g. 192.0.2.1, 192.0.2.1:53 or "
                        + "[2001:db8::1]:53)");
            }
        }
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
    private static int printJson(PrintWriter out, List<ZoneFile> results, List<Finding> findings, Instant now,
            Map<ZoneFile, List<Diagnostic>> parent) {
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
            for (Diagnostic d : diagnostics(zf, now, parent)) {
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
