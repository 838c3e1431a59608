package dev.tomldns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Dynamic update (RFC 2136) side by side: N sequential TSIG-signed updates (each adds one TXT at its own name, as an
 * ACME client does) to tomldns and to Knot, each acknowledged only once durable; prints median and p99 latency and
 * updates per second per server, timed by one dnsjava client for both, then the wall time of the same N updates
 * sent by one {@code knsupdate} process to each.
 *
 * <pre>java -cp bench/target/tomldns-bench.jar dev.tomldns.bench.UpdateLatency [N] [--tcp]</pre>
 *
 * Run from the repository root after {@code mvn -B -q -DskipTests package}; on a quiet machine.
 */
public final class UpdateLatency {
    private static final String ZONE = "bench.test.";
    private static final String SECRET = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXkhIQ==";

    private UpdateLatency() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 && !args[0].startsWith("-") ? Integer.parseInt(args[0]) : 1000;
        boolean tcp = Arrays.asList(args).contains("--tcp");
        Path dir = Files.createTempDirectory("update-bench");
        System.out.printf("%d sequential signed updates over %s (one dnsjava client), then the same by knsupdate%n",
                n, tcp ? "TCP" : "UDP");
        System.out.printf("%-8s %10s %10s %12s %16s%n", "server", "median ms", "p99 ms", "updates/s",
                "knsupdate s");
        for (String kind : List.of("tomldns", "knot")) {
            Path d = Files.createDirectories(dir.resolve(kind));
            int port = ServerProcess.freePort(kind.equals("knot") ? 25300 : 24300);
            Process p = kind.equals("knot") ? knot(d, port) : tomldns(d, port);
            try {
                awaitSoa(port);
                long[] nanos = updates(port, n, tcp, "a");
                double seconds = knsupdate(d, port, n, tcp);
                long[] sorted = nanos.clone();
                Arrays.sort(sorted);
                long total = Arrays.stream(nanos).sum();
                System.out.printf("%-8s %10.2f %10.2f %12.0f %16.2f%n", kind, sorted[n / 2] / 1e6,
                        sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6, n / (total / 1e9), seconds);
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process tomldns(Path d, int port) throws IOException {
        Path zones = Files.createDirectories(d.resolve("zones"));
        Files.writeString(zones.resolve("bench.test.toml"), """
                [soa]
                mname = "ns1.bench.test."
                rname = "hostmaster.bench.test."
                serial = 1

                [[records]]
                name = "@"
                type = "NS"
                data = "ns1"

                [[records]]
                name = "ns1"
                type = "A"
                data = "127.0.0.1"
                """);
        Files.writeString(d.resolve("tomldns.toml"), """
                [[key]]
                name = "bench"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[zone]]
                name = "bench.test."
                allow-update = [{ key = "bench", subtree = ["@"], types = ["TXT"] }]
                """.formatted(SECRET));
        return new ProcessBuilder("java", "-jar", Path.of("server/target/tomldns.jar").toAbsolutePath().toString(),
                "serve", "--config", d.resolve("tomldns.toml").toString(), "--zones", zones.toString(),
                "--listen", "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(d.resolve("log").toFile())
                .start();
    }

    private static Process knot(Path d, int port) throws IOException {
        Files.writeString(d.resolve("bench.test.zone"), """
                $ORIGIN bench.test.
                $TTL 3600
                @ SOA ns1 hostmaster 1 3600 900 1209600 300
                @ NS ns1
                ns1 A 127.0.0.1
                """);
        Files.writeString(d.resolve("knot.conf"), """
                server:
                  rundir: "%1$s"
                  listen: 127.0.0.1@%2$d
                log:
                  - target: stderr
                    any: warning
                database:
                  storage: "%1$s"
                key:
                  - id: bench
                    algorithm: hmac-sha256
                    secret: %3$s
                acl:
                  - id: update
                    address: 127.0.0.0/8
                    key: bench
                    action: update
                zone:
                  - domain: bench.test
                    storage: "%1$s"
                    file: bench.test.zone
                    acl: update
                """.formatted(d, port, SECRET));
        return new ProcessBuilder(ServerProcess.sbin("knotd"), "-c", d.resolve("knot.conf").toString())
                .redirectErrorStream(true).redirectOutput(d.resolve("log").toFile()).start();
    }

    private static void awaitSoa(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                SimpleResolver r = new SimpleResolver("127.0.0.1");
                r.setPort(port);
                r.setTimeout(Duration.ofMillis(500));
                Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.SOA, DClass.IN)));
                if (m.getRcode() == Rcode.NOERROR) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server on port " + port + " did not answer");
    }

    /** Sends {@code n} updates one after another; each one's time from send to NOERROR. */
    private static long[] updates(int port, int n, boolean tcp, String prefix) throws Exception {
        SimpleResolver r = new SimpleResolver("127.0.0.1");
        r.setPort(port);
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, "bench.", SECRET));
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            Update m = new Update(Name.fromString(ZONE));
            m.add(Name.fromString("_acme-challenge." + prefix + i + "." + ZONE), Type.TXT, 120, "token-" + i);
            long start = System.nanoTime();
            Message reply = r.send(m);
            out[i] = System.nanoTime() - start;
            if (reply.getRcode() != Rcode.NOERROR) {
                throw new IllegalStateException("update " + i + " answered " + Rcode.string(reply.getRcode()));
            }
        }
        return out;
    }

    /** The wall time of one knsupdate process sending {@code n} updates, each its own message. */
    private static double knsupdate(Path d, int port, int n, boolean tcp) throws Exception {
        StringBuilder script = new StringBuilder("server 127.0.0.1 " + port + "\nzone " + ZONE + "\n");
        for (int i = 0; i < n; i++) {
            script.append("update add _acme-challenge.k").append(i).append('.').append(ZONE).append(" 120 TXT token-")
                    .append(i).append("\nsend\n");
        }
        Path file = d.resolve("knsupdate.txt");
        Files.writeString(file, script);
        List<String> cmd = new ArrayList<>(List.of("knsupdate", "-y", "hmac-sha256:bench:" + SECRET));
        if (tcp) {
            cmd.add("-v");
        }
        cmd.add(file.toString());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(d.resolve("knsupdate.log").toFile())
                .start();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("knsupdate failed: " + Files.readString(d.resolve("knsupdate.log")));
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
