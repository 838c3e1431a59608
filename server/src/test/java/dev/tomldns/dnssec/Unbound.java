package dev.tomldns.dnssec;

import dev.tomldns.interop.PeerServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real validating Unbound ({@code unbound -d}) on a loopback port, trusting one zone's DNSKEY, with stub zones
 * pointing at the servers under test (RFC 4035 §4: it validates every answer and sets AD only on secure ones).
 * Aggressive NSEC (RFC 8198) and prefetching are off, so every answer comes from a query to the stub's server.
 */
public final class Unbound extends PeerServer {
    private final List<String> trustAnchors;
    private final Map<String, Integer> stubs;

    /**
     * @param trustAnchors DNSKEY or DS records in presentation form (e.g. from the signer's DNSKEY RRset)
     * @param stubs zone name to the loopback port of the server authoritative for it
     */
    public Unbound(Path dir, List<String> trustAnchors, Map<String, Integer> stubs) throws IOException {
        super(dir, List.of(), freePort());
        this.trustAnchors = List.copyOf(trustAnchors);
        this.stubs = Map.copyOf(stubs);
    }

    @Override
    protected String debianPackage() {
        return "unbound";
    }

    @Override
    protected List<String> command() {
        return List.of("/usr/sbin/unbound", "-d", "-c", dir.resolve("unbound.conf").toString());
    }

    @Override
    protected void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder("server:\n")
                .append("  interface: 127.0.0.1@").append(port).append("\n")
                .append("  port: ").append(port).append("\n")
                .append("  do-ip6: no\n  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n")
                .append("  directory: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
                .append("  use-syslog: no\n  logfile: \"\"\n  log-time-ascii: yes\n")
                .append("  verbosity: 1\n  val-log-level: 2\n  log-servfail: yes\n")
                .append("  num-threads: 1\n  access-control: 127.0.0.0/8 allow\n")
                .append("  do-not-query-localhost: no\n  module-config: \"validator iterator\"\n")
                .append("  qname-minimisation: no\n  aggressive-nsec: no\n  prefetch: no\n")
                .append("  harden-referral-path: no\n  target-fetch-policy: \"0 0 0 0 0\"\n")
                .append("  val-clean-additional: yes\n  serve-expired: no\n")
                // Nothing outside the stubs is reachable: answer those names at once rather than time out.
                .append("  root-hints: \"").append(dir.resolve("root.hints")).append("\"\n");
        // The harness's readiness probe asks for the root SOA: answered here, at once.
        // RFC 6761 names (test., invalid.) are local zones in Unbound unless told otherwise.
        c.append("  local-zone: \"test.\" nodefault\n  local-zone: \"invalid.\" nodefault\n");
        c.append("  local-zone: \".\" transparent\n")
                .append("  local-data: \". 3600 IN SOA a.root-servers.test. admin.test. 1 1800 900 604800 86400\"\n");
        for (String anchor : trustAnchors) {
            c.append("  trust-anchor: \"").append(anchor.replace("\"", "\\\"")).append("\"\n");
        }
        c.append("remote-control:\n  control-enable: no\n");
        stubs.forEach((zone, stubPort) -> c.append("stub-zone:\n  name: \"").append(zone).append("\"\n")
                .append("  stub-addr: 127.0.0.1@").append(stubPort).append("\n  stub-prime: no\n"));
        // A root that cannot be reached (a loopback port nobody listens on): no lookup leaves the machine.
        write("root.hints", ".  3600000 NS a.root-servers.test.\na.root-servers.test. 3600000 A 127.0.0.1\n");
        write("unbound.conf", c.toString());
    }
}
