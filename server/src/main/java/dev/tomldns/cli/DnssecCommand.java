package dev.tomldns.cli;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.dnssec.sign.KeyState;
import dev.tomldns.dnssec.sign.SigningException;
import dev.tomldns.dnssec.sign.SigningKey;
import dev.tomldns.dnssec.sign.SigningPolicy;
import dev.tomldns.dnssec.sign.ZoneKeyStore;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.state.StateDirectoryException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns dnssec ds|keys|ksk-submitted ZONE}: the keys online signing keeps in the state directory, as the
 * registrar and the operator need them. Reads (and for {@code ksk-submitted} writes) the key files only; the
 * running server need not be asked.
 */
@Command(name = "dnssec", mixinStandardHelpOptions = true,
        description = "DNSSEC keys of the zones tomldns signs: the DS for the registrar, key states.",
        subcommands = {DnssecCommand.Ds.class, DnssecCommand.Keys.class, DnssecCommand.KskSubmitted.class})
public final class DnssecCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Where the keys are: the options every subcommand takes. */
    static final class Where {
        @Parameters(index = "0", paramLabel = "ZONE", description = "The zone, e.g. example.net.")
        String zone;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The state directory serve uses (default: the config's `state-dir`, else "
                        + "$STATE_DIRECTORY).")
        Path stateDir;

        @Option(names = "--config", paramLabel = "FILE", description = "The server configuration serve reads.")
        Path config;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        PrintWriter out() {
            return command.commandLine().getOut();
        }

        PrintWriter err() {
            return command.commandLine().getErr();
        }

        /** The zone's name, or null after saying why. */
        Name origin(String command) {
            try {
                return Name.fromString(zone, Name.root);
            } catch (TextParseException e) {
                err().println("tomldns dnssec " + command + ": '" + zone + "' is not a domain name: " + e.getMessage());
                return null;
            }
        }

        /** The key store, or null after saying why. */
        ZoneKeyStore store(String command) {
            Path configured = null;
            if (config != null) {
                try {
                    ServerConfig settings = ServerConfigReader.read(config);
                    configured = settings.stateDir();
                } catch (ConfigException e) {
                    e.problems().forEach(err()::println);
                    return null;
                }
            }
            Path dir = stateDir != null ? stateDir : configured;
            if (dir == null) {
                String env = System.getenv("STATE_DIRECTORY");
                dir = env == null || env.isBlank() ? null : Path.of(env.split(":", 2)[0]);
            }
            if (dir == null) {
                err().println("tomldns dnssec " + command + ": which state directory? Give --state-dir DIR (the one "
                        + "`serve --state-dir` uses) or --config FILE");
                return null;
            }
            if (!Files.isDirectory(dir)) {
                err().println("tomldns dnssec " + command + ": " + dir + ": no such state directory");
                return null;
            }
            try {
                return ZoneKeyStore.in(StateDirectory.open(dir));
            } catch (StateDirectoryException | SigningException e) {
                err().println("tomldns dnssec " + command + ": " + e.getMessage());
                return null;
            }
        }

        /** The zone's signing policy from --config, or null when not given or not signed there. */
        SigningPolicy policy(Name origin) {
            if (config == null) {
                return null;
            }
            try {
                return ServerConfigReader.read(config).signing().get(origin);
            } catch (ConfigException e) {
                return null; // store() has said why
            }
        }

        /** The zone's keys, or null after saying why (none yet included). */
        List<SigningKey> keys(String command, ZoneKeyStore store, Name origin) {
            try {
                List<SigningKey> keys = store.load(origin);
                if (keys.isEmpty()) {
                    err().println("tomldns dnssec " + command + ": zone " + origin + " has no DNSSEC keys in "
                            + store.folder() + ": they are made when `serve` first loads the zone with `dnssec` "
                            + "set in its [[zone]] entry");
                    return null;
                }
                return keys;
            } catch (SigningException e) {
                err().println("tomldns dnssec " + command + ": " + e.getMessage());
                return null;
            }
        }
    }

    /** The DS and DNSKEY lines to give the registrar (RFC 4034 §5: DS with SHA-256, RFC 4509). */
    @Command(name = "ds", mixinStandardHelpOptions = true,
            description = "Print the DS (SHA-256) and DNSKEY records of the key-signing key(s) whose DS the parent "
                    + "of ZONE should hold now, for the registrar.")
    static final class Ds implements Callable<Integer> {
        @Mixin
        Where where = new Where();

        @Override
        public Integer call() {
            Name origin = where.origin("ds");
            ZoneKeyStore store = origin == null ? null : where.store("ds");
            List<SigningKey> keys = store == null ? null : where.keys("ds", store, origin);
            if (keys == null) {
                return 1;
            }
            Instant now = Instant.now();
            // RFC 7344 §4: the same key(s) the zone's CDS and CDNSKEY point to; during a KSK rollover, the successor.
            for (SigningKey k : SigningKey.forParent(keys, now)) {
                DSRecord ds = new DSRecord(origin, k.dnskey().getDClass(), 3600, DNSSEC.Digest.SHA256, k.dnskey());
                String why = k.waitsForDsAt(now)
                        ? "KSK rollover: replace the DS at your registrar with this one (some ask for the DNSKEY "
                        + "instead), then run `tomldns dnssec ksk-submitted " + origin + "`"
                        : "give the DS to your registrar (some ask for the DNSKEY instead)";
                where.out().println("; " + origin + " key " + k.tag() + " (" + SigningPolicy.algorithmName(k.algorithm())
                        + ", algorithm " + k.algorithm() + "): " + why);
                where.out().println(origin + "\t3600\tIN\tDS\t" + ds.rdataToString());
                where.out().println(origin + "\t3600\tIN\tDNSKEY\t" + k.dnskey().rdataToString());
            }
            for (SigningKey k : keys) {
                if (k.signsKeys() && k.activate() == null && k.ready().isAfter(now)) {
                    where.out().println("; a KSK rollover is under way: the DS of key " + k.tag() + " is to go to "
                            + "the parent from " + k.ready() + ", not before (resolvers must have its DNSKEY first)");
                }
            }
            return 0;
        }
    }

    /** The zone's keys, their roles, states and next steps. */
    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "List ZONE's DNSSEC keys: role, state, and the next step with its time.")
    static final class Keys implements Callable<Integer> {
        @Mixin
        Where where = new Where();

        @Override
        public Integer call() {
            Name origin = where.origin("keys");
            ZoneKeyStore store = origin == null ? null : where.store("keys");
            List<SigningKey> keys = store == null ? null : where.keys("keys", store, origin);
            if (keys == null) {
                return 1;
            }
            SigningPolicy policy = where.policy(origin);
            Instant now = Instant.now();
            where.out().println("zone " + origin + ": " + keys.size() + " key(s) in " + store.file(origin));
            for (SigningKey k : keys) {
                KeyState state = KeyState.of(k, keys, origin.toString(), policy, now);
                where.out().println("  " + k.role().name().toLowerCase(java.util.Locale.ROOT) + " " + k.tag() + " "
                        + SigningPolicy.algorithmName(k.algorithm()) + " (algorithm " + k.algorithm() + "): "
                        + state.state() + "; created " + k.created());
                where.out().println("    next: " + state.next());
                if (SigningKey.forParent(keys, now).contains(k)) {
                    where.out().println(k.submitted() == null
                            ? "    DS at the parent: not confirmed; once `tomldns dnssec ds " + origin + "` is at "
                            + "your registrar, run `tomldns dnssec ksk-submitted " + origin + "`"
                            : "    DS at the parent: confirmed " + k.submitted());
                }
            }
            return 0;
        }
    }

    /**
     * Records that the DS of the key-signing key the parent should hold is there, as Knot's zone-ksk-submitted:
     * during a KSK (or CSK) rollover, the step that lets the server retire the old key.
     */
    @Command(name = "ksk-submitted", mixinStandardHelpOptions = true,
            description = "Confirm that the DS of ZONE's key-signing key (during a rollover: the new one) is at the "
                    + "parent (as knotc zone-ksk-submitted); the server then retires the old key.")
    static final class KskSubmitted implements Callable<Integer> {
        @Mixin
        Where where = new Where();

        @Override
        public Integer call() {
            Name origin = where.origin("ksk-submitted");
            ZoneKeyStore store = origin == null ? null : where.store("ksk-submitted");
            List<SigningKey> keys = store == null ? null : where.keys("ksk-submitted", store, origin);
            if (keys == null) {
                return 1;
            }
            Instant now = Instant.now();
            List<SigningKey> early = keys.stream()
                    .filter(k -> k.signsKeys() && k.activate() == null && k.ready().isAfter(now)).toList();
            List<SigningKey> confirm = SigningKey.forParent(keys, now).stream()
                    .filter(k -> k.submitted() == null).toList();
            List<SigningKey> next = new ArrayList<>();
            List<String> marked = new ArrayList<>();
            boolean rollover = false;
            for (SigningKey k : keys) {
                if (confirm.contains(k)) {
                    next.add(k.withSubmitted(now));
                    marked.add(String.valueOf(k.tag()));
                    rollover |= k.waitsForDsAt(now);
                } else {
                    next.add(k);
                }
            }
            if (marked.isEmpty()) {
                if (!early.isEmpty()) {
                    where.err().println("tomldns dnssec ksk-submitted: zone " + origin + ": the new key "
                            + early.get(0).tag() + " is not ready before " + early.get(0).ready() + " (resolvers must "
                            + "have its DNSKEY first): its DS should not be at the parent yet; run this again once "
                            + "`tomldns dnssec ds " + origin + "` shows it");
                    return 1;
                }
                where.out().println("zone " + origin + ": the DS of every key-signing key was confirmed before");
                return 0;
            }
            try {
                store.save(origin, next);
            } catch (SigningException e) {
                where.err().println("tomldns dnssec ksk-submitted: " + e.getMessage());
                return 1;
            }
            where.out().println("zone " + origin + ": DS of key " + String.join(", ", marked)
                    + " confirmed at the parent (" + now + ")" + (rollover ? "; the running server makes it the "
                    + "active key within a minute and retires the old one after the parent's DS TTL" : ""));
            return 0;
        }
    }
}
