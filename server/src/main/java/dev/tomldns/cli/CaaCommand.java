package dev.tomldns.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tomldns.caa.CaaAnswer;
import dev.tomldns.caa.CaaAuthority;
import dev.tomldns.caa.CaaDecision;
import dev.tomldns.caa.CaaLookup;
import dev.tomldns.caa.CaaReading;
import dev.tomldns.caa.CaaRequest;
import dev.tomldns.caa.CatalogCaaLookup;
import dev.tomldns.caa.ServerCaaLookup;
import dev.tomldns.caa.Verdict;
import dev.tomldns.zone.SourcedRecord;
import dev.tomldns.zone.ZoneBuilder;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns caa NAME [--zones DIR] [--ca letsencrypt.org] [--wildcard] [--method dns-01|http-01]
 * [--account URI] [--server ADDR:PORT] [--format text|json]}: may this CA issue for NAME? Runs the RFC 8659 §3
 * relevant-RRset search over our zones (or a live server), prints the verdict, the deciding RRset and why.
 * Exit 0 allowed, 1 denied (or allowed only for an account or method the question left unsaid), 2 when the question
 * cannot be asked (bad arguments, unreadable zones).
 */
@Command(name = "caa", mixinStandardHelpOptions = true,
        description = "May a CA issue a certificate for NAME? Exit 0 allowed, 1 denied or only for an account or "
                + "method not given, 2 usage or I/O error.")
public final class CaaCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The certificate name; *.example.net asks about a wildcard.")
    String name;

    @Option(names = "--zones", paramLabel = "DIR", defaultValue = "zones",
            description = "Folder of *.toml zone files (default: ${DEFAULT-VALUE}).")
    Path zones;

    @Option(names = "--ca", paramLabel = "DOMAIN", defaultValue = "letsencrypt.org",
            description = "The CA's issuer domain name, as CAA records name it (default: ${DEFAULT-VALUE}).")
    String ca;

    @Option(names = "--wildcard", description = "Ask about a certificate for *.NAME.")
    boolean wildcard;

    @Option(names = "--method", paramLabel = "METHOD",
            description = "ACME validation method (dns-01, http-01, tls-alpn-01), checked against validationmethods.")
    String method;

    @Option(names = "--account", paramLabel = "URI", description = "ACME account URI, checked against accounturi.")
    String account;

    @Option(names = "--server", paramLabel = "ADDR:PORT",
            description = "Ask this live DNS server instead of reading the zones folder.")
    String server;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    OutputFormat format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CaaRequest request;
        try {
            request = CaaRequest.of(name, wildcard, ca, method, account);
        } catch (TextParseException e) {
            err.println("'" + name + "' is not a domain name: " + e.getMessage());
            err.flush();
            return 2;
        }
        CaaLookup lookup;
        try {
            lookup = server != null ? new ServerCaaLookup(ListenAddress.parse(server), TIMEOUT) : zoneLookup(err);
        } catch (IOException e) {
            err.println(zones + ": cannot read the zones folder: " + e.getMessage());
            err.flush();
            return 2;
        } catch (picocli.CommandLine.TypeConversionException e) {
            err.println("--server: " + e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("tomldns caa: could not read " + (server != null ? "from " + server : "the zones in " + zones)
                    + " (a fault in tomldns; please report it)");
            err.flush();
            return 2;
        }
        CaaDecision decision;
        try {
            decision = new CaaAuthority(lookup).decide(request);
        } catch (RuntimeException | StackOverflowError e) {
            // A fault of ours must not pass for an answer: no verdict, and no Java text for the user.
            err.println("tomldns caa: could not decide for " + name + " (a fault in tomldns; please report it with "
                    + "the CAA records involved)");
            err.flush();
            return 2;
        }
        if (format == OutputFormat.json) {
            out.println(json(decision, lookup));
        } else {
            printText(out, decision, lookup);
        }
        out.flush();
        return decision.allowed() ? 0 : 1;
    }

    private CaaLookup zoneLookup(PrintWriter err) throws IOException {
        List<ZoneFile> files = ZoneDirectory.readAll(ZoneDirectory.list(zones), new ZoneFileReader()::read);
        Map<Record, String> sources = new HashMap<>();
        for (ZoneFile zf : files) {
            if (!zf.ok()) {
                err.println(zf.file() + ": has errors and is not served; left out (run tomldns check)");
                continue;
            }
            List<SourcedRecord> records = zf.records();
            for (int i = 0; i < records.size(); i++) {
                // Only CAA records are ever shown with their line; the others need not be made at all.
                if (ZoneBuilder.typeAt(records, i) == Type.CAA) {
                    SourcedRecord r = records.get(i);
                    if (r.record() != null) {
                        sources.putIfAbsent(r.record(), zf.file() + ":" + r.line());
                    }
                }
            }
        }
        err.flush();
        return new CatalogCaaLookup(ZoneDirectory.catalogOf(files), sources, "zones in " + zones);
    }

    private static void printText(PrintWriter out, CaaDecision d, CaaLookup lookup) {
        CaaRequest r = d.request();
        if (d.conditional()) {
            // RFC 8657: the answer depends on what the question left out; say what would be allowed.
            out.println("NOT ALLOWED AS ASKED: " + r.ca() + " may issue a certificate for " + r.certificateName()
                    + qualifiers(r) + " only:");
            for (String c : d.verdict().onlyIf()) {
                out.println("  " + c);
            }
            out.println("(ask again with --account URI and --method METHOD for a yes or no)");
        } else {
            out.println((d.allowed() ? "ALLOWED: " : "DENIED: ") + r.ca()
                    + (d.allowed() ? " may issue" : " may not issue") + " a certificate for " + r.certificateName()
                    + qualifiers(r));
        }
        out.println("searched (RFC 8659 §3, " + lookup.describe() + "):");
        for (CaaAnswer a : d.trail()) {
            out.println("  " + trailLine(a));
        }
        if (d.relevant() != null) {
            CaaAnswer rel = d.relevant();
            out.println("decided by: the CAA RRset at " + rel.holder()
                    + (rel.aliases().isEmpty() ? "" : " (reached from " + rel.asked() + " through CNAME)")
                    + (rel.source().isEmpty() ? "" : ", " + rel.source()) + ":");
            for (CAARecord rec : rel.records()) {
                out.println("    " + CaaReading.show(rec));
            }
        } else {
            out.println("decided by: no CAA RRset at " + r.name() + " or any parent");
        }
        if (d.ca() == null) {
            out.println("why: " + d.rfc().why());
            out.println("(no model of " + r.ca() + "'s own code: this is the RFC 8659 reading)");
            return;
        }
        if (d.readingsDiffer()) {
            out.println("why (what " + d.caName() + " actually does): " + d.ca().why());
            out.println("NOTE: this differs from the RFC's reading. RFC 8659 would say "
                    + (d.rfc().allowed() ? "ALLOWED" : d.rfc().conditional() ? "ALLOWED ONLY IF" : "DENIED") + ": "
                    + d.rfc().why());
            out.println("The verdict above predicts the CA's real behaviour, not the RFC's.");
            return;
        }
        out.println("why: " + d.rfc().why());
        out.println(d.caName() + " does the same: " + d.ca().why());
    }

    private static String qualifiers(CaaRequest r) {
        StringBuilder s = new StringBuilder();
        if (r.method() != null) {
            s.append(" validated with ").append(r.method());
        }
        if (r.account() != null) {
            s.append(" for account ").append(r.account());
        }
        return s.toString();
    }

    private static String trailLine(CaaAnswer a) {
        String via = a.aliases().isEmpty() ? "" : " -> CNAME " + String.join(" -> ",
                a.aliases().stream().map(Name::toString).toList());
        String what = switch (a.status()) {
            case FOUND -> a.records().size() + " CAA record(s): the relevant RRset";
            case EMPTY -> "no CAA records";
            case NOT_SERVED -> "not ours to answer (" + a.detail() + "); taken as no CAA records";
            case FAILED -> "lookup FAILED: " + a.detail();
        };
        return "CAA " + a.asked() + via + ": " + what;
    }

    private static String json(CaaDecision d, CaaLookup lookup) {
        CaaRequest r = d.request();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", r.certificateName());
        doc.put("ca", r.ca());
        doc.put("wildcard", r.wildcard());
        doc.put("method", r.method());
        doc.put("account", r.account());
        doc.put("source", lookup.describe());
        doc.put("allowed", d.allowed());
        doc.put("onlyIf", d.verdict().onlyIf());
        doc.put("why", d.verdict().why());
        doc.put("decidedAt", d.relevant() == null ? null : d.relevant().holder().toString());
        doc.put("rrsetSource", d.relevant() == null ? null : d.relevant().source());
        doc.put("rrset", d.relevant() == null ? List.of()
                : d.relevant().records().stream().map(CaaReading::show).toList());
        doc.put("rfc8659", verdict(d.rfc(), "RFC 8659"));
        doc.put("caImplementation", d.ca() == null ? null : verdict(d.ca(), d.caName()));
        doc.put("differsFromRfc", d.readingsDiffer());
        List<Map<String, Object>> trail = new ArrayList<>();
        for (CaaAnswer a : d.trail()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asked", a.asked().toString());
            m.put("aliases", a.aliases().stream().map(Name::toString).toList());
            m.put("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("records", a.records().stream().map(CaaReading::show).toList());
            m.put("detail", a.detail());
            trail.add(m);
        }
        doc.put("trail", trail);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> verdict(Verdict v, String who) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reading", who);
        m.put("allowed", v.allowed());
        m.put("onlyIf", v.onlyIf());
        m.put("why", v.why());
        return m;
    }
}
