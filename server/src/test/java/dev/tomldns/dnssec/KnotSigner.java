package dev.tomldns.dnssec;

import dev.tomldns.interop.PeerServer;
import dev.tomldns.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Knot DNS ({@code knotd -c}) as a signing primary: each zone is signed on load with its policy
 * ({@code dnssec-signing: on}), transfers are allowed from loopback and NOTIFY goes to the secondary's port.
 * {@code knotc} drives it over its control socket in the temp folder ({@link #resign}).
 */
public final class KnotSigner extends PeerServer {
    /** The DNSSEC policies a zone can be signed with; {@link #UNSIGNED} serves it as written. */
    public enum Policy {
        /** ECDSA P-256, NSEC (RFC 4034, RFC 6605). */
        NSEC("    nsec3: off\n"),
        /** NSEC3 with Opt-Out (RFC 5155 §6), a salt and 5 extra iterations. */
        NSEC3_OPT_OUT("    nsec3: on\n    nsec3-opt-out: on\n    nsec3-iterations: 5\n    nsec3-salt-length: 8\n"),
        /** NSEC3 as RFC 9276 §3.1 asks: no extra iterations, no salt. */
        NSEC3_ZERO("    nsec3: on\n    nsec3-iterations: 0\n    nsec3-salt-length: 0\n"),
        UNSIGNED(null);

        final String settings;

        Policy(String settings) {
            this.settings = settings;
        }
    }

    /** A zone Knot serves: its text (RFC 1035) and how it is signed. */
    public record Zone(Name origin, String text, Policy policy) {
        String bare() {
            String s = origin.toString();
            return s.substring(0, s.length() - 1);
        }
    }

    private final List<Zone> signed;
    private final int notifyPort;

    /** @param notifyPort the secondary's port (0: no NOTIFY) */
    public KnotSigner(Path dir, List<Zone> zones, int notifyPort) throws IOException {
        super(dir, List.of(), freePort());
        this.signed = List.copyOf(zones);
        this.notifyPort = notifyPort;
    }

    @Override
    protected String debianPackage() {
        return "knot";
    }

    @Override
    protected List<String> command() {
        return List.of("/usr/sbin/knotd", "-c", dir.resolve("knot.conf").toString());
    }

    @Override
    protected void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder("server:\n")
                .append("  rundir: \"").append(dir).append("\"\n")
                .append("  listen: 127.0.0.1@").append(port).append("\n")
                .append("  background-workers: 1\n  udp-workers: 1\n  tcp-workers: 1\n")
                .append("log:\n  - target: stderr\n    any: info\n")
                .append("database:\n  storage: \"").append(dir).append("\"\n")
                .append("control:\n  listen: \"").append(dir.resolve("knot.sock")).append("\"\n")
                .append("acl:\n  - id: xfr\n    address: 127.0.0.0/8\n    action: transfer\n");
        if (notifyPort != 0) {
            c.append("remote:\n  - id: secondary\n    address: 127.0.0.1@").append(notifyPort).append("\n");
        }
        c.append("policy:\n");
        for (Policy p : Policy.values()) {
            if (p.settings != null) {
                // Signatures valid two weeks, re-signed a week before they expire: as Knot's defaults.
                c.append("  - id: ").append(p.name().toLowerCase()).append("\n    algorithm: ecdsap256sha256\n")
                        .append(p.settings);
            }
        }
        c.append("zone:\n");
        for (Zone z : signed) {
            write(z.bare() + ".zone", z.text());
            c.append("  - domain: ").append(z.bare()).append("\n    storage: \"").append(dir).append("\"\n")
                    .append("    file: \"").append(z.bare()).append(".zone\"\n")
                    .append("    zonefile-sync: -1\n    zonefile-load: whole\n")
                    .append("    journal-content: changes\n    acl: xfr\n");
            if (notifyPort != 0) {
                c.append("    notify: secondary\n");
            }
            if (z.policy() != Policy.UNSIGNED) {
                c.append("    dnssec-signing: on\n    dnssec-policy: ").append(z.policy().name().toLowerCase())
                        .append("\n");
            }
        }
        write("knot.conf", c.toString());
    }

    /** {@code knotc -c knot.conf ARGS}: the control client as an operator types it; fails on a non-zero exit. */
    public String knotc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/knotc", "-c", dir.resolve("knot.conf").toString()));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.out() + "\n" + log());
        }
        return r.out();
    }

    /** Signs the whole zone anew (new RRSIGs everywhere, a higher serial, NOTIFY to the secondary). */
    public void resign(Name zone) throws IOException, InterruptedException {
        knotc("zone-sign", zone.toString());
    }

    /** The zone's records as Knot serves them (signed), one per line in presentation form, SOA first. */
    public String zoneText(Name zone) throws IOException, InterruptedException {
        String prefix = "[" + zone + "] ";
        List<String> soa = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : knotc("zone-read", zone.toString()).split("\n")) {
            String l = line.startsWith(prefix) ? line.substring(prefix.length()) : line;
            if (l.isBlank()) {
                continue;
            }
            (l.matches("\\S+ \\d+ SOA .*") ? soa : rest).add(l);
        }
        return String.join("\n", soa) + "\n" + String.join("\n", rest) + "\n";
    }

    /** The zone's key-signing keys (flags 257) as trust anchors for a validator. */
    public List<String> trustAnchors(Name zone) throws IOException {
        return keySigningKeys(this, zone);
    }

    static List<String> keySigningKeys(PeerServer server, Name zone) throws IOException {
        Message m = server.query(zone, Type.DNSKEY, true);
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(1)) {
            if (r instanceof DNSKEYRecord k && (k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0) {
                out.add(k.toString());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(zone + " has no key-signing DNSKEY at " + server.address() + ":\n"
                    + server.log());
        }
        return out;
    }
}
