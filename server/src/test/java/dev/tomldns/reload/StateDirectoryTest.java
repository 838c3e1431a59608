package dev.tomldns.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.cli.Main;
import dev.tomldns.cli.ServeCommand;
import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.state.StateDirectory;
import dev.tomldns.state.StateDirectoryException;
import dev.tomldns.testing.LogCapture;
import dev.tomldns.zone.ZoneRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The state directory: where it is ({@code --state-dir}, the configuration's {@code state-dir},
 * {@code $STATE_DIRECTORY}, else the zones folder), the zones folder's old state file read and carried over (the
 * higher serial wins, RFC 1982), and clear errors when the state cannot be written.
 */
class StateDirectoryTest {
    private static final Name ORG = Name.fromConstantString("example.org.");
    private static final Clock DAY = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void zonesFolderStateIsCarriedOverToTheStateDirectory() throws Exception {
        Path zones = LiveServer.exampleZonesIn(Files.createDirectory(dir.resolve("zones")));
        Files.writeString(zones.resolve(SerialStateFile.NAME), "[\"example.org.\"]\nserial = 2099010105\n"
                + "hash = \"not-the-content\"\n");
        Path state = dir.resolve("state");
        ZoneRegistry registry = new ZoneRegistry();
        new Reloader(zones, StateDirectory.open(state), registry, DAY).reload();
        assertEquals(2099010106L, registry.current().zone(ORG).serial(), "never below the recorded serial");
        assertTrue(Files.readString(state.resolve("state.toml")).contains("serial = 2099010106"));

        // The next start reads the state directory: same content, same serial.
        ZoneRegistry again = new ZoneRegistry();
        new Reloader(zones, StateDirectory.open(state), again, DAY).reload();
        assertEquals(2099010106L, again.current().zone(ORG).serial());
    }

    @Test
    void stateDirectoryIsChosenInOrder() throws Exception {
        Path zones = Files.createDirectory(dir.resolve("zones"));
        Path flag = dir.resolve("flag");
        Path conf = dir.resolve("conf");
        Path env = dir.resolve("env");
        Map<String, String> systemd = Map.of("STATE_DIRECTORY", env + ":" + dir.resolve("other"));
        assertEquals(flag, StateDirectory.choose(flag, conf, systemd, zones).path());
        assertEquals(conf, StateDirectory.choose(null, conf, systemd, zones).path());
        assertEquals(env, StateDirectory.choose(null, null, systemd, zones).path());
        StateDirectory none = StateDirectory.choose(null, null, Map.of(), zones);
        assertEquals(zones.resolve(".tomldns-state.toml"), none.file("state.toml"));
        assertEquals(env.resolve("state.toml"), StateDirectory.open(env).file("state.toml"));
        assertThrows(IllegalArgumentException.class, () -> none.file("../x"));
    }

    @Test
    void configurationKeyIsStrict() throws Exception {
        Path good = dir.resolve("good.toml");
        Files.writeString(good, "state-dir = \"state\"\n");
        assertEquals(dir.resolve("state"), ServerConfigReader.read(good).stateDir());
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "\nstate-dir = 5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigReader.read(bad));
        assertTrue(e.problems().toString().contains("bad.toml:2") && e.problems().toString().contains("state-dir"),
                e.problems().toString());
    }

    @Test
    void stateDirectoryThatCannotBeMadeStopsServeWithAClearError() throws Exception {
        Path zones = LiveServer.exampleZonesIn(Files.createDirectory(dir.resolve("zones")));
        Path file = Files.writeString(dir.resolve("a-file"), "");
        StateDirectoryException e = assertThrows(StateDirectoryException.class,
                () -> StateDirectory.open(file.resolve("state")));
        assertTrue(e.getMessage().startsWith(file.resolve("state") + ": cannot make the state directory ("),
                e.getMessage());
        try (LogCapture log = new LogCapture(ServeCommand.class)) {
            assertEquals(1, Main.run("serve", "--zones", zones.toString(), "--listen", "127.0.0.1:0",
                    "--state-dir", file.resolve("state").toString()));
            assertEquals(1, log.count("cannot make the state directory"), log.lines().toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains("Exception")), log.lines().toString());
        }
    }

    @Test
    void stateThatCannotBeSavedIsAnErrorInTheStateAndTheLog() throws Exception {
        Path zones = LiveServer.exampleZonesIn(Files.createDirectory(dir.resolve("zones")));
        // A folder where the file should be: the rename over it fails, whoever runs the test (root too).
        Files.createDirectories(zones.resolve(SerialStateFile.NAME).resolve("x"));
        try (LogCapture log = new LogCapture(Reloader.class)) {
            ReloadState state = new Reloader(zones, new ZoneRegistry(), DAY).reload();
            assertNotNull(state.stateError());
            assertTrue(state.stateError().contains("cannot record managed serials")
                    && state.stateError().contains("--state-dir"), state.stateError());
            assertEquals(1, log.count("cannot record managed serials"), log.lines().toString());
        }
        Path state = dir.resolve("state");
        assertNull(new Reloader(zones, StateDirectory.open(state), new ZoneRegistry(), DAY).reload().stateError());
    }
}
