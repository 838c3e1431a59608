package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.testing.Fixture;
import dev.tomldns.zone.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 15: no Java exception text reaches a user, whatever the input, and every finding says where. A few hundred
 * zone files made from the example and fixture zones by seeded (so repeatable) mutations are each given to
 * {@code tomldns check} as a user runs it; then server configuration files the same way to the configuration
 * reader and to {@code serve --config}. Nothing printed may name a Java, jackson or dnsjava class, hold a stack
 * trace or a raw control character, and every finding begins with {@code file:line}.
 */
class NoExceptionTextReachesUsersTest {
    private static final long SEED = 20261203L;
    private static final int ZONE_MUTANTS = 300;
    private static final int CONFIG_MUTANTS = 80;
    /** What only a program's insides say: class and package names, stack frames. */
    private static final Pattern JAVA_TEXT = Pattern.compile(
            "java\\.|javax\\.|Exception|Error:|com\\.fasterxml|org\\.xbill|picocli\\.|dev\\.tomldns|\\bat [a-z]+\\.|"
                    + "\\.java:\\d|StackOverflow|NullPointer|because \"|\\(\\)");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f]");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) { }

    private static Run tomldns(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = Main.execute(cl, args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void mutatedZoneFilesGiveFileLineMessagesAndNoJavaText() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (Path zones : List.of(Fixture.exampleZones(), Fixture.fixtureZones())) {
            try (var files = Files.list(zones)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                    seeds.add(Files.readAllBytes(f));
                }
            }
        }
        Random random = new Random(SEED);
        int errorsSeen = 0;
        for (int k = 0; k < ZONE_MUTANTS; k++) {
            byte[] seed = seeds.get(k % seeds.size());
            Mutation m = Mutation.values()[k % Mutation.values().length];
            byte[] mutant = m.apply(seed, random);
            Path file = dir.resolve("m" + k + ".example.test.toml");
            Files.write(file, mutant);
            Run r = tomldns("check", file.toString());
            String what = "mutant " + k + " (" + m + ", kept in " + file + "):\n" + r.out() + r.err();
            assertTrue(r.exit() == 0 || r.exit() == 1, what);
            assertNoJavaText(r.out() + r.err(), what);
            for (String line : r.out().lines().toList()) {
                assertTrue(line.startsWith(file + ":"), what);
                assertTrue(Pattern.compile(Pattern.quote(file.toString()) + "(:\\d+(:\\d+)?: |: zone .* OK, )")
                        .matcher(line).lookingAt(), "file:line: message or the OK line: " + line + "\n" + what);
            }
            if (r.exit() == 1) {
                errorsSeen++;
                assertTrue(r.out().lines().anyMatch(l -> Pattern.compile(Pattern.quote(file.toString())
                        + ":[1-9]\\d*(:\\d+)?: (?!warning)").matcher(l).lookingAt()),
                        "an error names a line (not 0): " + what);
            }
            Files.delete(file);
        }
        assertTrue(errorsSeen > ZONE_MUTANTS / 2, "the mutations break most files: " + errorsSeen);
    }

    @Test
    void mutatedServerConfigurationsGiveFileLineMessagesAndNoJavaText() throws IOException {
        byte[] seed = """
                # a server configuration with every kind of key
                listen = ["127.0.0.1:5300", "[::1]:5300"]
                zones = "zones"
                data-dir = "state"

                [[key]]
                name = "xfr-key"
                algorithm = "hmac-sha256"
                secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ=="

                [transfer]
                allow-transfer = ["192.0.2.0/24"]

                [[zone]]
                name = "example.net."
                allow-transfer = ["192.0.2.0/24", { key = "xfr-key" }, { from = "::1", key = "xfr-key" }]
                also-notify = ["192.0.2.53:53", { to = "[::1]:5353", key = "xfr-key" }]

                [[secondary]]
                zone = "example.org"
                primaries = ["127.0.0.1:5301"]
                key = "xfr-key"
                """.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(SEED);
        for (int k = 0; k < CONFIG_MUTANTS; k++) {
            Mutation m = Mutation.values()[k % Mutation.values().length];
            Path file = dir.resolve("tomldns-" + k + ".toml");
            Files.write(file, m.apply(seed, random));
            String what = "config mutant " + k + " (" + m + ")";
            try {
                ServerConfigReader.read(file);
            } catch (ConfigException e) {
                for (String problem : e.problems()) {
                    assertTrue(Pattern.compile(Pattern.quote(file.toString()) + ":[1-9]\\d*(:\\d+)?: ")
                            .matcher(problem).lookingAt(), "file:line: " + problem + " in " + what);
                    assertNoJavaText(problem, what);
                }
            } catch (Throwable t) {
                ByteArrayOutputStream trace = new ByteArrayOutputStream();
                t.printStackTrace(new java.io.PrintStream(trace, true, StandardCharsets.UTF_8));
                fail(what + " threw instead of reporting:\n" + trace);
            }
        }
    }

    /** {@code serve} with a broken configuration says what and where and exits 1, before listening on anything. */
    @Test
    void serveWithABrokenConfigurationNamesFileAndLine() throws IOException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        for (String text : List.of("listen = [\"127.0.0.1:0\"]\nzones = \"zones\"\n[[zone]]\nname = \"a.\"\nname = \"b.\"\n",
                "listen = [\"127.0.0.1:0\"]\nx = " + "[".repeat(1500) + "\n",
                "listen = [\"127.0.0.1:0\"]\n\"" + "k".repeat(60_000) + "\" = 1\n",
                "listen = [\"127.0.0.1:0\"]\nzones = \"zo\u00ffnes\"\n")) {
            Path config = dir.resolve("tomldns.toml");
            byte[] octets = text.getBytes(StandardCharsets.UTF_8);
            if (text.contains("\u00ff")) {
                octets = text.getBytes(StandardCharsets.ISO_8859_1);
            }
            Files.write(config, octets);
            java.io.PrintStream stderr = System.err;
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            Run r;
            try {
                System.setErr(new java.io.PrintStream(logged, true, StandardCharsets.UTF_8));
                r = tomldns("serve", "--config", config.toString(), "--zones", zones.toString(), "--listen",
                        "127.0.0.1:0");
            } finally {
                System.setErr(stderr);
            }
            String all = r.out() + r.err() + logged.toString(StandardCharsets.UTF_8);
            assertEquals(1, r.exit(), all);
            assertTrue(Pattern.compile(Pattern.quote(config.toString()) + ":[1-9]\\d*(:\\d+)?: ").matcher(all).find(),
                    all);
            // A log line's logger name (the test's logback prints it in full) is no message text.
            assertNoJavaText(all.replaceAll("(?m)^.*\\b(INFO|DEBUG)\\b.*$", "")
                    .replaceAll("(?m)^\\S+ \\[[^]]*] (ERROR|WARN) \\S+ -- ", ""), text);
        }
    }

    private static void assertNoJavaText(String printed, String what) {
        var java = JAVA_TEXT.matcher(printed);
        if (java.find()) {
            int from = Math.max(0, java.start() - 200);
            fail("Java text '" + java.group() + "' printed: ..." + printed.substring(from, Math.min(printed.length(),
                    java.end() + 200)) + "...\nfor " + Diagnostic.printable(what, 300));
        }
        var control = CONTROL.matcher(printed);
        if (control.find()) {
            fail(String.format("raw control character U+%04X printed: %s", (int) control.group().charAt(0),
                    Diagnostic.printable(printed, 2000) + "\nfor " + Diagnostic.printable(what, 300)));
        }
    }

    /** Ways a file goes wrong: what editors, scripts, disks and hostile users do to it. */
    enum Mutation {
        FLIP_BYTES {
            @Override
            byte[] apply(byte[] in, Random r) {
                byte[] out = in.clone();
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                }
                return out;
            }
        },
        PUNCTUATION {
            @Override
            byte[] apply(byte[] in, Random r) {
                byte[] out = in.clone();
                String marks = "\"'[]{}=,.#\\\n\t ";
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    out[r.nextInt(out.length)] = (byte) marks.charAt(r.nextInt(marks.length()));
                }
                return out;
            }
        },
        TRUNCATE {
            @Override
            byte[] apply(byte[] in, Random r) {
                return java.util.Arrays.copyOf(in, r.nextInt(in.length));
            }
        },
        DUPLICATE_LINE {
            @Override
            byte[] apply(byte[] in, Random r) {
                List<String> lines = lines(in);
                int at = r.nextInt(lines.size());
                lines.add(Math.min(lines.size(), at + r.nextInt(3)), lines.get(at));
                return join(lines);
            }
        },
        DROP_LINE {
            @Override
            byte[] apply(byte[] in, Random r) {
                List<String> lines = lines(in);
                lines.remove(r.nextInt(lines.size()));
                return join(lines);
            }
        },
        DEEP_NESTING {
            @Override
            byte[] apply(byte[] in, Random r) {
                String open = r.nextBoolean() ? "[" : "{a=";
                int depth = 990 + r.nextInt(30);
                return insertLine(in, r, "deep = " + open.repeat(depth) + (r.nextBoolean() ? "" : "1"));
            }
        },
        HUGE_KEY {
            @Override
            byte[] apply(byte[] in, Random r) {
                String key = "k".repeat(r.nextBoolean() ? 1_000_000 : 40_000 + r.nextInt(20_000));
                return insertLine(in, r, r.nextBoolean() ? key + " = 1" : "\"" + key + "\" = \"v\"");
            }
        },
        HUGE_VALUE {
            @Override
            byte[] apply(byte[] in, Random r) {
                return insertLine(in, r, "name = \"" + "x".repeat(200_000) + "\"");
            }
        },
        NUL {
            @Override
            byte[] apply(byte[] in, Random r) {
                byte[] out = in.clone();
                out[r.nextInt(out.length)] = 0;
                return out;
            }
        },
        ESCAPED_CONTROLS {
            @Override
            byte[] apply(byte[] in, Random r) {
                String[] controls = {"\\u0000", "\\u001b[31m", "\\u0007", "\\r", "\\u202e", "\\u0085"};
                List<String> lines = lines(in);
                for (int k = 0; k < lines.size(); k++) {
                    String l = lines.get(k);
                    int q = l.indexOf('"');
                    if (q >= 0 && r.nextInt(3) == 0) {
                        lines.set(k, l.substring(0, q + 1) + controls[r.nextInt(controls.length)] + l.substring(q + 1));
                    }
                }
                return join(lines);
            }
        },
        INVALID_UTF8 {
            @Override
            byte[] apply(byte[] in, Random r) {
                byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                    {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
                byte[] b = bad[r.nextInt(bad.length)];
                int at = r.nextInt(in.length);
                byte[] out = new byte[in.length + b.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(b, 0, out, at, b.length);
                System.arraycopy(in, at, out, at + b.length, in.length - at);
                return out;
            }
        },
        TOKENS {
            @Override
            byte[] apply(byte[] in, Random r) {
                String[] tokens = {"[soa]", "[[records]]", "records = [", "\"\"\"", "'''", "{", "}", "= =",
                    "type = 7", "ttl = -1", "ttl = 99999999999999999999", "data = []", "name = {}", "text = [1]",
                    "flags = \"x\"", "x.y.z = 1", "[a.b]", "origin = 5", "type = \"CAA\"", "value = 12",
                    "also-notify = [1]", "serial = 1e9", "data = \"\\uD800\""};
                return insertLine(in, r, tokens[r.nextInt(tokens.length)]);
            }
        };

        abstract byte[] apply(byte[] in, Random r);

        static List<String> lines(byte[] in) {
            return new ArrayList<>(List.of(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
        }

        static byte[] join(List<String> lines) {
            return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        }

        static byte[] insertLine(byte[] in, Random r, String line) {
            List<String> lines = lines(in);
            lines.add(r.nextInt(lines.size() + 1), new String(line.getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1));
            return join(lines);
        }
    }
}
