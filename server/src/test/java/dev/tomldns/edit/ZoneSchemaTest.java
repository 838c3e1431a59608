package dev.tomldns.edit;

import dev.tomldns.cli.Cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tomldns.testing.Fixture;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * docs/zone.schema.json, checked as editors use it: with a Java JSON Schema validator (networknt, draft-07) and the
 * real {@code taplo} CLI (what VS Code's Even Better TOML, Helix, Zed and Neovim run), through {@code --schema}, the
 * repository's {@code .taplo.toml} and a {@code #:schema} line. The example zones pass; every file the schema rejects
 * (misspelt type, CAA without tag, unknown key, TTL out of range, ...) {@code tomldns check} rejects too; the valid
 * variants pass both. The schema's types are exactly dnsjava's data types.
 */
class ZoneSchemaTest {
    private static final Path SCHEMA = Fixture.root().resolve("docs/zone.schema.json");
    private static final String SOA = "[soa]\nmname = \"ns1.s.test.\"\nrname = \"hostmaster@s.test\"\n";
    private static JsonSchema schema;

    @TempDir
    Path dir;

    /** Files that check rejects, each for one reason; the schema must reject them as well. */
    private static final String[][] REJECTED = {
            {"misspelt type", "[[records]]\nname = \"@\"\ntype = \"CAAA\"\ndata = \"0 issue \\\"x\\\"\"\n"},
            {"CAA without tag", "[[records]]\nname = \"@\"\ntype = \"CAA\"\nvalue = \"letsencrypt.org\"\n"},
            {"CAA without value", "[[records]]\nname = \"@\"\ntype = \"CAA\"\ntag = \"issue\"\n"},
            {"unknown key in a record", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\ncolour = \"red\"\n"},
            {"unknown key in [soa]", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n", "serail = 1\n"},
            {"unknown top-level key", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n", "", "orgin = \"s.test.\"\n"},
            {"TTL out of range", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\nttl = 2147483648\n"},
            {"negative TTL", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\nttl = -1\n"},
            {"zone TTL out of range", "", "", "ttl = 4294967296\n"},
            {"CAA flags out of range", "[[records]]\nname = \"@\"\ntype = \"CAA\"\nflags = 256\ntag = \"issue\"\nvalue = \";\"\n"},
            {"data mixed with tag", "[[records]]\nname = \"@\"\ntype = \"CAA\"\ntag = \"issue\"\nvalue = \";\"\ndata = \"0 issue \\\";\\\"\"\n"},
            {"text on an A record", "[[records]]\nname = \"@\"\ntype = \"A\"\ntext = \"x\"\n"},
            {"record without data", "[[records]]\nname = \"@\"\ntype = \"MX\"\n"},
            {"record without name", "[[records]]\ntype = \"A\"\ndata = \"192.0.2.1\"\n"},
            {"TXT array string over 255 octets", "[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = [\"" + "x".repeat(256) + "\"]\n"},
            {"empty TXT array", "[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = []\n"},
            {"SOA as a record", "[[records]]\nname = \"@\"\ntype = \"SOA\"\ndata = \"a. b. 1 2 3 4 5\"\n"},
            {"SOA serial out of range", "", "serial = 4294967296\n"},
            {"SOA without mname", "", "", "", "[soa]\nrname = \"hostmaster@s.test\"\n"},
    };

    /** Files check accepts, in the forms the contract allows; the schema must accept them. */
    private static final String[][] ACCEPTED = {
            {"lower-case type", "[[records]]\nname = \"@\"\ntype = \"caa\"\ntag = \"issue\"\nvalue = \";\"\n"},
            {"RFC 3597 type", "[[records]]\nname = \"x\"\ntype = \"TYPE65280\"\ndata = \"\\\\# 1 00\"\n"},
            {"CAA in data form", "[[records]]\nname = \"@\"\ntype = \"CAA\"\ndata = '0 issue \"\\000\"'\n"},
            {"CAA critical", "[[records]]\nname = \"@\"\ntype = \"CAA\"\nflags = 128\ntag = \"iodef\"\nvalue = \"mailto:a@s.test\"\n"},
            {"TXT array", "[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = [\"a\", \"\", \"b\"]\n"},
            {"TXT long text", "[[records]]\nname = \"@\"\ntype = \"TXT\"\ntext = \"" + "k".repeat(600) + "\"\n"},
            {"TXT data", "[[records]]\nname = \"@\"\ntype = \"TXT\"\ndata = '\"a\" \"\\255\"'\n"},
            {"also-notify and extreme TTLs", "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n"
                    + "ttl = 2147483647\n", "", "also-notify = [\"192.0.2.2\", \"[::1]:5301\"]\nttl = 0\n"},
    };

    @BeforeAll
    static void load() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(Files.readString(SCHEMA, StandardCharsets.UTF_8));
    }

    /** A zone file from a case: records, extra [soa] keys, extra top-level keys, a replacement [soa]. */
    private static String zone(String[] c) {
        String top = c.length > 3 ? c[3] : "";
        String soa = c.length > 4 ? c[4] : SOA + (c.length > 2 ? c[2] : "");
        String records = c[1];
        return "origin = \"s.test.\"\n" + top + "\n" + soa + "\n" + "[[records]]\nname = \"@\"\ntype = \"NS\"\n"
                + "data = \"ns1\"\n\n" + records;
    }

    private static Set<ValidationMessage> schemaErrors(String toml) throws IOException {
        JsonNode tree = new TomlMapper().readTree(toml);
        return schema.validate(new ObjectMapper().valueToTree(tree));
    }

    private static boolean checkAccepts(Path file) {
        ZoneFile zf = new ZoneFileReader().read(file);
        return zf.ok();
    }

    /** The real taplo CLI; missing, the test fails (npm install -g @taplo/cli, as .ci/run does). */
    private static String taplo() {
        for (String d : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(d, "taplo");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("taplo is not installed: npm install -g @taplo/cli@0.7.0 (bash .ci/run does)");
    }

    /** {@code taplo check [args] files}, run in {@code cwd}; exit code and output. */
    private static Cli.Result taplo(Path cwd, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(taplo(), "check"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("taplo timed out: " + cmd);
        }
        return new Cli.Result(p.exitValue(), out, "");
    }

    private static List<String> withSchema(Path... files) {
        List<String> args = new ArrayList<>(List.of("--schema", SCHEMA.toUri().toString()));
        for (Path f : files) {
            args.add(f.toString());
        }
        return args;
    }

    @Test
    void exampleZonesAndTheFormattedFixturesPassBothValidators() throws Exception {
        List<Path> files = new ArrayList<>(ZoneDirectory.list(Fixture.exampleZones()));
        files.addAll(ZoneDirectory.list(Fixture.fixtureZones()));
        Path edit = Fixture.root().resolve("server/src/test/resources/edit");
        files.add(edit.resolve("messy.test.toml"));
        files.add(edit.resolve("messy-tables.test.toml"));
        for (Path f : files) {
            assertEquals(Set.of(), schemaErrors(Files.readString(f)), f.toString());
        }
        Cli.Result r = taplo(dir, withSchema(files.toArray(Path[]::new)));
        assertEquals(0, r.exit(), r.out());
    }

    @Test
    void whatTheSchemaRejectsCheckRejects() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < REJECTED.length; i++) {
            String[] c = REJECTED[i];
            Path file = Files.createDirectories(dir.resolve("rejected-" + i)).resolve("s.test.toml");
            Files.writeString(file, zone(c));
            files.add(file);
            assertFalse(schemaErrors(zone(c)).isEmpty(), c[0] + ": the schema accepts\n" + zone(c));
            assertFalse(checkAccepts(file), c[0] + ": check accepts\n" + zone(c));
        }
        // One taplo run for all (it starts a WebAssembly runtime each time): every file must be reported invalid.
        Cli.Result t = taplo(dir, withSchema(files.toArray(Path[]::new)));
        assertNotEquals(0, t.exit(), t.out());
        for (int i = 0; i < files.size(); i++) {
            assertTrue(t.out().contains("invalid file error=schema validation failed path=\"" + files.get(i) + "\""),
                    REJECTED[i][0] + ": taplo accepts\n" + t.out());
        }
    }

    @Test
    void whatCheckAcceptsTheSchemaAccepts() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < ACCEPTED.length; i++) {
            String[] c = ACCEPTED[i];
            Path file = Files.createDirectories(dir.resolve("accepted-" + i)).resolve("s.test.toml");
            Files.writeString(file, zone(c));
            files.add(file);
            assertTrue(checkAccepts(file), c[0] + ": check rejects\n" + new ZoneFileReader().read(file).diagnostics());
            assertEquals(Set.of(), schemaErrors(zone(c)), c[0]);
        }
        Cli.Result t = taplo(dir, withSchema(files.toArray(Path[]::new)));
        assertEquals(0, t.exit(), t.out());
    }

    /** The editor's way: the repository's .taplo.toml maps zones/*.toml to the schema; or a #:schema line. */
    @Test
    void editorsFindTheSchemaThroughTaploTomlAndSchemaDirective() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Fixture.root().resolve(".taplo.toml"), repo.resolve(".taplo.toml"));
        Files.createDirectories(repo.resolve("docs"));
        Files.copy(SCHEMA, repo.resolve("docs/zone.schema.json"));
        Path zones = Files.createDirectories(repo.resolve("zones"));
        Files.copy(Fixture.exampleZones().resolve("example.net.toml"), zones.resolve("example.net.toml"));
        Files.writeString(zones.resolve("s.test.toml"), zone(REJECTED[0]));
        assertEquals(0, taplo(repo, List.of("zones/example.net.toml")).exit());
        Cli.Result bad = taplo(repo, List.of("zones/s.test.toml"));
        assertNotEquals(0, bad.exit(), bad.out());
        assertTrue(bad.out().contains("CAAA"), bad.out());

        Path direct = dir.resolve("direct.toml");
        Files.writeString(direct, "#:schema " + SCHEMA.toUri() + "\n" + zone(REJECTED[3]));
        Cli.Result d = taplo(dir, List.of(direct.toString()));
        assertNotEquals(0, d.exit(), d.out());
        assertTrue(d.out().contains("colour"), d.out());
    }

    @Test
    void schemaTypesAreDnsjavasDataTypes() throws Exception {
        JsonNode enumNode = new ObjectMapper().readTree(SCHEMA.toFile()).at("/definitions/type/anyOf/0/enum");
        Set<String> schemaTypes = new TreeSet<>();
        enumNode.forEach(n -> schemaTypes.add(n.asText()));
        Set<String> dnsjava = new TreeSet<>();
        for (int t : EveryTypeZone.dataTypes()) {
            dnsjava.add(Type.string(t));
        }
        assertEquals(dnsjava, schemaTypes);
    }
}
