package dev.tomldns.dnssec.sign;

import dev.tomldns.interop.PeerServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real validating Unbound ({@code unbound -d}) on a loopback port: the trust anchor given, one stub zone at the
 * tomldns port under test, nothing else reachable. Aggressive NSEC (RFC 8198) and prefetching are off, so each
 * answer comes from a query to tomldns.
 */
final class ValidatingUnbound extends PeerServer {
    private final List<String> trustAnchors;
    private final String zone;
    private final int stubPort;

    ValidatingUnbound(Path dir, List<String> trustAnchors, String zone, int stubPort) throws IOException {
        super(dir, List.of(), freePort());
        this.trustAnchors = List.copyOf(trustAnchors);
        this.zone = zone;
        this.stubPort = stubPort;
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
                .append("  interface: 127.0.0.1@").append(port).append("\n  port: ").append(port).append("\n")
                .append("  do-ip6: no\n  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n")
                .append("  directory: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
                .append("  use-syslog: no\n  logfile: \"\"\n  verbosity: 1\n  val-log-level: 2\n")
                .append("  num-threads: 1\n  access-control: 127.0.0.0/8 allow\n")
                .append("  do-not-query-localhost: no\n  module-config: \"validator iterator\"\n")
                .append("  qname-minimisation: no\n  aggressive-nsec: no\n  prefetch: no\n")
                .append("  harden-referral-path: no\n  target-fetch-policy: \"0 0 0 0 0\"\n")
                .append("  root-hints: \"").append(dir.resolve("root.hints")).append("\"\n")
                // RFC 6761: test. is a local zone in Unbound unless told otherwise; the root SOA answers the probe.
                .append("  local-zone: \"test.\" nodefault\n  local-zone: \".\" transparent\n")
                .append("  local-data: \". 3600 IN SOA a.root-servers.test. admin.test. 1 1800 900 604800 86400\"\n");
        for (String anchor : trustAnchors) {
            c.append("  trust-anchor: \"").append(anchor.replace("\"", "\\\"")).append("\"\n");
        }
        c.append("remote-control:\n  control-enable: no\n")
                .append("stub-zone:\n  name: \"").append(zone).append("\"\n")
                .append("  stub-addr: 127.0.0.1@").append(stubPort).append("\n  stub-prime: no\n");
        write("root.hints", ".  3600000 NS a.root-servers.test.\na.root-servers.test. 3600000 A 127.0.0.1\n");
        write("unbound.conf", c.toString());
    }
}
