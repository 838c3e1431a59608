package dev.tomldns.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real daemon in its own JVM ({@code tomldns serve} on loopback port 0, HTTP on port 0), so that signals and
 * exit codes are the real ones. The ports are read from the startup log line.
 */
final class ServerUnderTest implements AutoCloseable {

    private static final Pattern STARTED =
            Pattern.compile("started: dns \\[/127\\.0\\.0\\.1:(\\d+)\\] \\(udp\\+tcp\\), http /127\\.0\\.0\\.1:(\\d+)");

    final Process process;
    final List<String> log = new ArrayList<>();
    final InetSocketAddress dns;
    final InetSocketAddress http;

    private ServerUnderTest(Process process, InetSocketAddress dns, InetSocketAddress http) {
        this.process = process;
        this.dns = dns;
        this.http = http;
    }

    static ServerUnderTest start(Path zones, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "dev.tomldns.cli.Main", "serve", "--zones", zones.toString(),
                "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--threads", "1"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        int[] ports = new int[2];
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        Matcher m = STARTED.matcher(line);
                        if (m.find()) {
                            ports[0] = Integer.parseInt(m.group(1));
                            ports[1] = Integer.parseInt(m.group(2));
                        }
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "server-log");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (lines) {
            while (ports[0] == 0 && p.isAlive() && System.nanoTime() < deadline) {
                lines.wait(200);
            }
            if (ports[0] == 0) {
                p.destroyForcibly();
                throw new AssertionError("server did not start within 30 s:\n" + String.join("\n", lines));
            }
        }
        ServerUnderTest s = new ServerUnderTest(p, new InetSocketAddress("127.0.0.1", ports[0]),
                new InetSocketAddress("127.0.0.1", ports[1]));
        s.log.addAll(lines);
        return s;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
