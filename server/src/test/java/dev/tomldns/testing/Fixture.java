package dev.tomldns.testing;

import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The test fixture zones, read as the server reads a zones folder (for tests of one part; a test of the server starts
 * a {@link RunningServer}), and queries to ask with.
 */
public final class Fixture {
    public static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 53000);

    private Fixture() {
    }

    /** The project root (the surefire configuration passes it; the working directory is the module). */
    public static Path root() {
        return Path.of(System.getProperty("tomldns.root", "..")).toAbsolutePath().normalize();
    }

    public static Path fixtureZones() {
        return root().resolve("server/src/test/resources/fixture/zones");
    }

    public static Path exampleZones() {
        return root().resolve("zones");
    }

    public static Catalog load(Path dir) {
        try {
            List<ZoneFile> files = ZoneDirectory.readAll(ZoneDirectory.list(dir), new ZoneFileReader()::read);
            for (ZoneFile f : files) {
                if (!f.ok()) {
                    throw new AssertionError("fixture zone has errors: " + f.diagnostics());
                }
            }
            return ZoneDirectory.catalogOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs a query over "UDP" through the processor and parses the reply (null when dropped). */
    public static Message ask(QueryProcessor p, Message query) {
        byte[] out = p.process(query.toWire(), QueryContext.udp(CLIENT));
        return parse(out);
    }

    public static Message parse(byte[] out) {
        if (out == null) {
            return null;
        }
        try {
            return new Message(out);
        } catch (IOException e) {
            throw new AssertionError("reply does not parse", e);
        }
    }
}
