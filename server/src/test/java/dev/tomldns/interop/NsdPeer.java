package dev.tomldns.interop;

import dev.tomldns.security.TsigKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * NSD 4 ({@code nsd -d}) as a peer. No database file ({@code database: ""}), everything (pidfile, xfrd
 * state, zone list) in the temp folder, remote control off, rate limiting off so polling tests are
 * not throttled. Secondaries use {@code request-xfr} (IXFR when NSD has a copy, else AXFR).
 */
public final class NsdPeer extends PeerServer {
    public NsdPeer(Path dir, List<PeerZone> zones) throws IOException {
        super(dir, zones, freePort());
    }

    public NsdPeer(Path dir, List<PeerZone> zones, int port) throws IOException {
        super(dir, zones, port);
    }

    @Override
    protected String debianPackage() {
        return "nsd";
    }

    @Override
    protected List<String> command() {
        return List.of("/usr/sbin/nsd", "-d", "-c", dir.resolve("nsd.conf").toString());
    }

    @Override
    protected void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("server:\n")
                .append("  ip-address: 127.0.0.1@").append(port).append("\n")
                .append("  port: ").append(port).append("\n")
                .append("  server-count: 1\n")
                .append("  username: \"\"\n")
                .append("  chroot: \"\"\n")
                .append("  zonesdir: \"").append(dir).append("\"\n")
                .append("  database: \"\"\n")
                .append("  zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
                .append("  xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
                .append("  xfrdir: \"").append(dir).append("\"\n")
                .append("  verbosity: 2\n")
                .append("  rrl-ratelimit: 0\n")
                .append("remote-control:\n  control-enable: no\n");
        Set<TsigKey> keys = new LinkedHashSet<>();
        zones.stream().filter(z -> z.key() != null).forEach(z -> keys.add(z.key()));
        for (TsigKey k : keys) {
            c.append("key:\n  name: \"").append(k.name()).append("\"\n  algorithm: ").append(k.algorithmMnemonic())
                    .append("\n  secret: \"").append(k.secretBase64()).append("\"\n");
        }
        for (PeerZone z : zones) {
            String key = z.key() == null ? "NOKEY" : z.key().name().toString();
            c.append("zone:\n  name: \"").append(z.bare()).append("\"\n")
                    .append("  zonefile: \"").append(z.bare()).append(".zone\"\n");
            if (z.isPrimary()) {
                write(z.bare() + ".zone", z.primaryText());
                c.append("  provide-xfr: 127.0.0.0/8 ").append(key).append("\n");
                for (int p : z.notifyPorts()) {
                    c.append("  notify: 127.0.0.1@").append(p).append(" ").append(key).append("\n");
                }
            } else {
                c.append("  request-xfr: 127.0.0.1@").append(z.primaryPort()).append(" ").append(key).append("\n")
                        .append("  allow-notify: 127.0.0.1 ").append(key).append("\n")
                        .append("  allow-axfr-fallback: yes\n");
            }
        }
        write("nsd.conf", c.toString());
    }
}
