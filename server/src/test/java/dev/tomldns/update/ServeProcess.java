package dev.tomldns.update;

import dev.tomldns.testing.Fixture;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The shaded jar's {@code serve}, as a user starts it, in its own process (so it can be killed with -9). */
final class ServeProcess implements AutoCloseable {
    static final Path JAR = Fixture.root().resolve("server/target/tomldns.jar");

    final Path dir;
    final int port;
    private final List<String> extra;
    private final Path log;
    private Process process;
    private int starts;

    /** A server for the config {@code dir/tomldns.toml} and the zones in {@code dir/zones}, on a free port. */
    ServeProcess(Path dir, String... extraArgs) throws IOException {
        this(dir, freePort(), extraArgs);
    }

    ServeProcess(Path dir, int port, String... extraArgs) {
        this.dir = dir;
        this.port = port;
        this.extra = List.of(extraArgs);
        this.log = dir.resolve("serve.log");
    }

    /** A port free for both UDP and TCP on loopback now. */
    static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket u = new DatagramSocket(0)) {
                int p = u.getLocalPort();
                try (ServerSocket t = new ServerSocket(p)) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }

    /** Starts the server and waits (bounded) until it answers SOA for {@code zone}. */
    ServeProcess start(String zone) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(),
                "serve", "--config", dir.resolve("tomldns.toml").toString(), "--zones", dir.resolve("zones").toString(),
                "--listen", "127.0.0.1:" + port));
        cmd.addAll(extra);
        starts++;
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited: " + log());
            }
            try {
                if (ask(zone, Type.SOA).getRcode() == Rcode.NOERROR) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not answer: " + log());
    }

    Message ask(String name, int type) throws IOException {
        SimpleResolver r = new SimpleResolver("127.0.0.1");
        r.setPort(port);
        r.setTimeout(Duration.ofSeconds(1));
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, org.xbill.DNS.DClass.IN)));
    }

    /** The record texts (RDATA) of {@code name}/{@code type}, sorted; empty for none. */
    List<String> data(String name, int type) throws IOException {
        List<String> out = new ArrayList<>();
        for (Record r : ask(name, type).getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                out.add(r.rdataToString());
            }
        }
        out.sort(null);
        return out;
    }

    long serial(String zone) throws IOException {
        return ((SOARecord) ask(zone, Type.SOA).getSection(Section.ANSWER).get(0)).getSerial();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
