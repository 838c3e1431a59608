package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --config}: the server configuration is checked as strictly as serve reads it; weak keys warned. */
class CheckServerConfigTest {
    @TempDir Path dir;

    private static final String KEYS = """
            [[key]]
            name = "acme"
            algorithm = "hmac-sha256"
            secret = "aGVsbG8="

            [[key]]
            name = "old"
            algorithm = "hmac-md5"
            secret = "aGVsbG8="
            """;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("tomldns.toml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void checkWithTheConfigurationSaysAnMd5KeyIsWeakAndAGrantMistakeIsAnError() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("example.net.toml"),
                "[soa]\nmname = \"ns1.example.net.\"\nrname = \"h.example.net.\"\n");
        Path f = write("zones = \"zones\"\n\n" + KEYS);
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(0, cl.execute("check", "--config", f.toString()), err.toString());
        assertTrue(err.toString().contains(f + ":10: key 'key[1].algorithm': hmac-md5 is weak"), err.toString());
        Files.writeString(f, Files.readString(f) + "\n[[zone]]\nname = \"example.net.\"\n"
                + "allow-update = [{ key = \"acme\", names = [\"www\"] }]\n");
        assertEquals(1, cl.execute("check", "--config", f.toString()), err.toString());
        assertTrue(err.toString().contains("key 'zone[0].allow-update[0]': missing required key 'types'"),
                err.toString());
    }

}
