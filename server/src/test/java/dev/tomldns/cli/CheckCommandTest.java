package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tomldns check}: exit 0 clean, 1 on errors, one {@code file:line: message} line per problem. */
class CheckCommandTest {

    private record Run(int exit, String out, String err) { }

    private static Run check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void exampleZonesAreClean() {
        Run r = check("--zones", Fixture.exampleZones().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("zone example.net. serial 2026112801: OK"), r.out());
    }

    @Test
    void brokenFileGivesFileLineMessageAndExit1(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.test.toml");
        Files.writeString(bad, "[[records]]\nname = \"www\"\ntype = \"A\"\ndata = \"192.0.2.999\"\n\n"
                + "[soa]\nmname = \"ns1\"\nrname = \"h\"\n");
        Run r = check(bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith(bad + ":4: record www.bad.test. A: bad data '192.0.2.999'"), r.out());
    }

    @Test
    void folderWithOneBrokenZoneStillChecksTheOthers(@TempDir Path dir) throws Exception {
        Files.copy(Fixture.exampleZones().resolve("example.net.toml"), dir.resolve("example.net.toml"));
        Files.writeString(dir.resolve("broken.test.toml"), "[soa]\nmname = \"ns1\"\nrname = \"h\"\nbogus = 1\n");
        Run r = check("--zones", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("broken.test.toml:4: unknown key 'bogus' in [soa]"), r.out());
        assertTrue(r.out().contains("zone example.net. serial 2026112801: OK"), r.out());
    }

    @Test
    void missingFileIsAnError(@TempDir Path dir) {
        Run r = check(dir.resolve("nope.toml").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("nope.toml:0: cannot read file"), r.out());
    }

    @Test
    void helpAndVersion() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        assertTrue(out.toString().startsWith("tomldns "), out.toString());
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("serve") && out.toString().contains("check"), out.toString());
    }
}
