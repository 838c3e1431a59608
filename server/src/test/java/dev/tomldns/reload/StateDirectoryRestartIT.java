package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Tools;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The installed layout as packaging/systemd/tomldns.service makes it: the unit's own {@code serve} arguments, the
 * zones folder read-only ({@code ProtectSystem=strict}; here a read-only bind mount in a private mount namespace,
 * since root writes through any file mode) and {@code StateDirectory=tomldns} (the folder, and
 * {@code $STATE_DIRECTORY}). Managed serials must keep rising across restarts (RFC 1982: secondaries ignore a
 * serial that is not greater), so the state must be written to the state directory.
 */
class StateDirectoryRestartIT {
    private static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");
    private static final Path UNIT = Fixture.root().resolve("packaging/systemd/tomldns.service");

    @TempDir
    Path root;

    @Test
    void restartUnderReadOnlyZonesFolderKeepsManagedSerialsRising() throws Exception {
        String unit = Files.readString(UNIT, StandardCharsets.UTF_8);
        assertTrue(unit.contains("\nProtectSystem=strict\n") && unit.contains("\nStateDirectory=tomldns\n"), unit);
        Path zones = LiveServer.exampleZonesIn(Files.createDirectories(root.resolve("etc/tomldns/zones")));
        Path state = Files.createDirectories(root.resolve("var/lib/tomldns"));
        int port = freePort();
        List<String> args = unitArgs(unit, port);

        long first = serveOnce(args, zones, state, port);
        LiveServer.replaceIn(zones.resolve("example.org.toml"), "\"198.51.100.10\"", "\"198.51.100.11\"");
        long second = serveOnce(args, zones, state, port);
        assertTrue(SerialArithmetic.greater(second, first), "managed serial after a restart with new content: "
                + first + " -> " + second);
        assertTrue(Files.readString(state.resolve("state.toml")).contains("serial = " + second));
        assertFalse(Files.exists(zones.resolve(SerialStateFile.NAME)));
    }

    /** The unit's TOMLDNS_ARGS with its folders moved under {@link #root}, on a loopback port, without HTTP. */
    private List<String> unitArgs(String unit, int port) {
        Matcher m = Pattern.compile("\"TOMLDNS_ARGS=([^\"]*)\"").matcher(unit);
        assertTrue(m.find(), "the unit sets TOMLDNS_ARGS");
        List<String> in = Arrays.asList(m.group(1).trim().split("\\s+"));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            if (a.equals("--http")) {
                i++;
            } else if (a.equals("--listen")) {
                out.add(a);
                out.add("127.0.0.1:" + port);
                i++;
            } else {
                out.add(a.startsWith("/") ? root + a : a);
            }
        }
        return out;
    }

    /** Starts serve with the zones folder read-only to it, returns example.org.'s serial, stops it (SIGTERM). */
    private long serveOnce(List<String> args, Path zones, Path state, int port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("unshare"));
        if (!"0".equals(Tools.run("id", "-u").out().trim())) {
            cmd.add("-r"); // an unprivileged user gets a mount namespace of its own as root of a user namespace
        }
        cmd.addAll(List.of("-m", "sh", "-c", "mount --bind -o ro \"$1\" \"$1\" && "
                + "if touch \"$1/.probe\" 2>/dev/null; then echo 'zones folder still writable'; exit 9; fi && "
                + "shift && exec \"$@\"", "sh",
                zones.toString(), "java", "-jar", JAR.toString(), "serve"));
        cmd.addAll(args);
        Path log = root.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("STATE_DIRECTORY", state.toString()); // as systemd sets it for StateDirectory=
        Process p = pb.start();
        try {
            long serial = awaitSerial(port, p, log);
            String out = Files.readString(log);
            assertFalse(out.contains("cannot record managed serials"), out);
            return serial;
        } finally {
            p.destroy();
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        }
    }

    private static long awaitSerial(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            try {
                SimpleResolver r = new SimpleResolver("127.0.0.1");
                r.setPort(port);
                r.setTimeout(Duration.ofSeconds(1));
                Message m = r.send(Fixture.query("example.org.", Type.SOA));
                if (m.getRcode() == Rcode.NOERROR) {
                    return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no SOA within 30 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
