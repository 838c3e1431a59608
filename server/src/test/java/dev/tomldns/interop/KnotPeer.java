package dev.tomldns.interop;

import dev.tomldns.security.TsigKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Knot DNS 3 ({@code knotd -c}) as a peer, with its rundir, journal/timer databases and zone files
 * in the temp folder. Secondaries accept NOTIFY from the primary (with its key when set) and
 * request IXFR once they hold a copy.
 */
public final class KnotPeer extends PeerServer {
    public KnotPeer(Path dir, List<PeerZone> zones) throws IOException {
        super(dir, zones, freePort());
    }

    public KnotPeer(Path dir, List<PeerZone> zones, int port) throws IOException {
        super(dir, zones, port);
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
        StringBuilder c = new StringBuilder();
        c.append("server:\n")
                .append("  rundir: \"").append(dir).append("\"\n")
                .append("  listen: 127.0.0.1@").append(port).append("\n")
                .append("  background-workers: 1\n  udp-workers: 1\n  tcp-workers: 1\n")
                .append("log:\n  - target: stderr\n    any: info\n")
                .append("database:\n  storage: \"").append(dir).append("\"\n");
        Set<TsigKey> keys = new LinkedHashSet<>();
        zones.stream().filter(z -> z.key() != null).forEach(z -> keys.add(z.key()));
        if (!keys.isEmpty()) {
            c.append("key:\n");
            for (TsigKey k : keys) {
                c.append("  - id: ").append(k.name()).append("\n    algorithm: ").append(k.algorithmMnemonic())
                        .append("\n    secret: ").append(k.secretBase64()).append("\n");
            }
        }
        StringBuilder remotes = new StringBuilder();
        StringBuilder acls = new StringBuilder();
        StringBuilder zoneList = new StringBuilder();
        int i = 0;
        for (PeerZone z : zones) {
            i++;
            String keyLine = z.key() == null ? "" : "    key: " + z.key().name() + "\n";
            zoneList.append("  - domain: ").append(z.bare()).append("\n")
                    .append("    storage: \"").append(dir).append("\"\n")
                    .append("    file: \"").append(z.bare()).append(".zone\"\n")
                    .append("    zonefile-sync: -1\n    zonefile-load: whole\n    journal-content: changes\n");
            if (z.isPrimary()) {
                write(z.bare() + ".zone", z.primaryText());
                acls.append("  - id: xfr").append(i).append("\n    address: 127.0.0.0/8\n    action: transfer\n")
                        .append(keyLine);
                zoneList.append("    acl: xfr").append(i).append("\n");
                if (!z.notifyPorts().isEmpty()) {
                    StringBuilder ids = new StringBuilder();
                    for (int p : z.notifyPorts()) {
                        String id = "notify" + i + "_" + p;
                        remotes.append("  - id: ").append(id).append("\n    address: 127.0.0.1@").append(p).append("\n")
                                .append(keyLine);
                        ids.append(ids.length() == 0 ? "" : ", ").append(id);
                    }
                    zoneList.append("    notify: [").append(ids).append("]\n");
                }
            } else {
                remotes.append("  - id: primary").append(i).append("\n    address: 127.0.0.1@").append(z.primaryPort())
                        .append("\n").append(keyLine);
                acls.append("  - id: notify").append(i).append("\n    address: 127.0.0.0/8\n    action: notify\n")
                        .append(keyLine);
                zoneList.append("    master: primary").append(i).append("\n    acl: notify").append(i).append("\n");
            }
        }
        if (remotes.length() > 0) {
            c.append("remote:\n").append(remotes);
        }
        if (acls.length() > 0) {
            c.append("acl:\n").append(acls);
        }
        c.append("zone:\n").append(zoneList);
        write("knot.conf", c.toString());
    }
}
