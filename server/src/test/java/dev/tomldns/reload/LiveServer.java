package dev.tomldns.reload;

import dev.tomldns.config.ServerConfig;
import dev.tomldns.server.Server;
import dev.tomldns.testing.Fixture;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The real server as {@code serve} wires it ({@link Server}: registry, {@link HotReload} with its lint, query
 * processor, Netty on a loopback port the kernel picks; no SIGHUP) over a zone folder of the test's own, and a UDP
 * client to ask it.
 */
final class LiveServer implements AutoCloseable {
    final Path dir;
    final Server running;
    final ZoneRegistry registry;
    final HotReload hot;
    final DnsServer server;
    final InetSocketAddress address;
    private final UdpClient client;

    private LiveServer(Path dir, int threads) throws Exception {
        this.dir = dir;
        this.running = Server.builder(ServerConfig.empty()).zones(dir).threads(threads).start();
        this.registry = running.registry();
        this.hot = running.hot();
        this.server = running.transport();
        this.address = running.address();
        this.client = new UdpClient(address, Duration.ofSeconds(2));
    }

    static LiveServer start(Path dir) throws Exception {
        return new LiveServer(dir, 2);
    }

    /** A copy of the example zones in {@code dir}. */
    static Path exampleZonesIn(Path dir) throws IOException {
        for (String f : List.of("example.net.toml", "example.org.toml")) {
            Files.copy(Fixture.exampleZones().resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    Message ask(String name, int type) throws IOException {
        return client.ask(Fixture.query(name, type));
    }

    /** Asks every few milliseconds until {@code done} holds; fails after {@code bound}. Returns the answer. */
    Message await(String name, int type, Predicate<Message> done, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        Message last = null;
        while (System.nanoTime() < deadline) {
            last = ask(name, type);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching answer for " + name + " within " + bound + "; last: " + last);
    }

    static String firstData(Message m) {
        List<Record> answer = m.getSection(Section.ANSWER);
        return answer.isEmpty() ? null : answer.get(0).rdataToString();
    }

    /** Replaces a file the way editors and scripts that care do: write a temporary file, rename it over. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void replaceIn(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new AssertionError(file + " does not contain " + from);
            }
            writeAtomically(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        running.close();
    }
}
