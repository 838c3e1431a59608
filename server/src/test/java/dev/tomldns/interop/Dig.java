package dev.tomldns.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code dig} as a user would type it; a missing dig fails the test. */
public final class Dig {
    private Dig() {}

    /** {@code dig @127.0.0.1 -p PORT args...}; returns stdout. Bounded to 30 seconds. */
    public static String run(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/dig", "@127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dig timed out: " + cmd);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The answer lines of a {@code +short} query, sorted, for comparing two servers. */
    public static List<String> shortAnswer(int port, String name, String type, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("+short", "+norec"));
        args.addAll(List.of(options));
        args.add(name);
        args.add(type);
        return run(port, args.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).sorted().toList();
    }
}
