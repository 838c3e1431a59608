package dev.tomldns.interop;

import dev.tomldns.security.TsigKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * BIND 9 ({@code named -g}) as a peer. Primary zones allow dynamic updates with their key (or from
 * loopback when unsigned), so a test changes the zone with an UPDATE and BIND journals the change,
 * serves it by IXFR and sends NOTIFY to {@link PeerZone#notifyPorts()}.
 */
public final class BindPeer extends PeerServer {
    public BindPeer(Path dir, List<PeerZone> zones) throws IOException {
        super(dir, zones, freePort());
    }

    public BindPeer(Path dir, List<PeerZone> zones, int port) throws IOException {
        super(dir, zones, port);
    }

    @Override
    protected String debianPackage() {
        return "bind9";
    }

    @Override
    protected List<String> command() {
        return List.of("/usr/sbin/named", "-g", "-n", "1", "-c", dir.resolve("named.conf").toString());
    }

    @Override
    protected void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("options {\n")
                .append("  directory \"").append(dir).append("\";\n")
                .append("  pid-file \"").append(dir.resolve("named.pid")).append("\";\n")
                .append("  session-keyfile \"").append(dir.resolve("session.key")).append("\";\n")
                .append("  listen-on port ").append(port).append(" { 127.0.0.1; };\n")
                .append("  listen-on-v6 { none; };\n")
                .append("  recursion no;\n  dnssec-validation no;\n  notify explicit;\n")
                .append("  notify-source 127.0.0.1;\n  transfer-source 127.0.0.1;\n")
                .append("  allow-transfer { none; };\n")
                .append("  min-refresh-time 1; min-retry-time 1;\n")
                // BIND waits 5 s before sending NOTIFY by default; tests measure propagation in seconds.
                .append("  notify-delay 0;\n")
                .append("};\ncontrols { };\n");
        Set<TsigKey> keys = new LinkedHashSet<>();
        zones.stream().filter(z -> z.key() != null).forEach(z -> keys.add(z.key()));
        for (TsigKey k : keys) {
            c.append("key \"").append(k.name()).append("\" { algorithm ").append(k.algorithmMnemonic())
                    .append("; secret \"").append(k.secretBase64()).append("\"; };\n");
        }
        for (PeerZone z : zones) {
            String file = z.bare() + ".zone";
            String auth = z.key() == null ? "127.0.0.0/8;" : "key \"" + z.key().name() + "\";";
            c.append("zone \"").append(z.bare()).append("\" {\n");
            if (z.isPrimary()) {
                write(file, z.primaryText());
                c.append("  type primary;\n  file \"").append(file).append("\";\n")
                        .append("  allow-transfer { ").append(auth).append(" };\n")
                        .append("  allow-update { ").append(auth).append(" };\n");
                if (!z.notifyPorts().isEmpty()) {
                    c.append("  also-notify { ")
                            .append(z.notifyPorts().stream().map(p -> "127.0.0.1 port " + p + (z.key() == null ? "" : " key \""
                                    + z.key().name() + "\"") + ";").collect(Collectors.joining(" ")))
                            .append(" };\n");
                }
            } else {
                c.append("  type secondary;\n  file \"").append(file).append("\";\n")
                        .append("  primaries { 127.0.0.1 port ").append(z.primaryPort())
                        .append(z.key() == null ? "" : " key \"" + z.key().name() + "\"").append("; };\n")
                        .append("  allow-notify { 127.0.0.0/8; };\n");
            }
            c.append("};\n");
        }
        write("named.conf", c.toString());
    }
}
