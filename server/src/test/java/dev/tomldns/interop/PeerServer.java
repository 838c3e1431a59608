package dev.tomldns.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server (BIND 9, NSD, Knot) started by a test on a free loopback port, in its own temp
 * folder, in the foreground, and stopped by {@link #close()}. A missing binary fails the test.
 */
public abstract class PeerServer implements AutoCloseable {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    protected final Path dir;
    protected final int port;
    protected final List<PeerZone> zones;
    private Process process;

    /** @param port the loopback port to listen on, e.g. from {@link #freePort()} when others must know it first */
    protected PeerServer(Path dir, List<PeerZone> zones, int port) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = port;
        this.zones = List.copyOf(zones);
    }

    /** A port free for both UDP and TCP on 127.0.0.1 right now. Bounded: gives up after 50 tries. */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
                int p = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, p))) {
                    return p;
                } catch (IOException busy) {
                    // UDP side taken: try another
                }
            }
        }
        throw new IOException("no free loopback port found in 50 tries");
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    /** Writes the configuration, starts the daemon and waits until it answers on its port. */
    public final PeerServer start() throws Exception {
        writeConfig();
        List<String> cmd = command();
        Path binary = Path.of(cmd.get(0));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not installed (apt-get install " + debianPackage() + ")");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        process = pb.start();
        awaitAnswering(Duration.ofSeconds(15));
        return this;
    }

    protected abstract void writeConfig() throws IOException;

    protected abstract List<String> command();

    protected abstract String debianPackage();

    /** The daemon's output so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** One query over UDP (or TCP) to this server. */
    public Message query(Name name, int type, boolean tcp) throws IOException {
        SimpleResolver r = new SimpleResolver(address());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    }

    /** The zone's SOA serial as this server serves it, or -1 when it does not answer with one. */
    public long serial(Name zone) {
        return serialAt(address(), zone);
    }

    /** The zone's SOA serial as the server at {@code server} serves it (UDP), or -1. */
    public static long serialAt(InetSocketAddress server, Name zone) {
        try {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(Duration.ofSeconds(2));
            Message m = r.send(Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)));
            return m.getSection(1).stream().filter(rr -> rr.getType() == Type.SOA)
                    .mapToLong(rr -> ((org.xbill.DNS.SOARecord) rr).getSerial()).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Polls until the zone's serial is {@code serial}; bounded by {@code timeout}. */
    public boolean awaitSerial(Name zone, long serial, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (serial(zone) == serial) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void awaitAnswering(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(getClass().getSimpleName() + " exited with " + process.exitValue()
                        + ":\n" + log());
            }
            try {
                query(Name.root, Type.SOA, false);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException(getClass().getSimpleName() + " did not answer on port " + port
                + " within " + timeout + ":\n" + log());
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    protected void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }
}
