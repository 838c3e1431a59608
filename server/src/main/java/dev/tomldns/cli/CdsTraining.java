package dev.tomldns.cli;

import dev.tomldns.metrics.LogLevel;
import dev.tomldns.reload.Reloader;
import dev.tomldns.reload.SerialStateFile;
import dev.tomldns.zone.ZoneRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The run a class-data archive (CDS, JEP 350) is made from at build time: {@code serve} on the given zones folder,
 * a few queries of each kind over UDP and TCP, then a normal exit, which is when the JVM writes the archive
 * ({@code -XX:ArchiveClassesAtExit}). A server started with that archive ({@code -XX:SharedArchiveFile}, as
 * {@code bin/tomldns} and the Docker image do) maps the classes this run loaded instead of reading, verifying and
 * linking them again: on one CPU the example zones were answered after 1.3 s instead of 2.1 s.
 *
 * <p>Not a user command: {@code java -XX:ArchiveClassesAtExit=tomldns.jsa -cp tomldns.jar
 * dev.tomldns.cli.CdsTraining ZONES}. It exits non-zero when the server does not answer, so a broken build shows.
 */
public final class CdsTraining {
    private static final int[] TYPES = {Type.SOA, Type.NS, Type.A, Type.AAAA, Type.TXT, Type.CAA, Type.MX, Type.CNAME,
        Type.ANY, Type.DS};

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CdsTraining ZONES-FOLDER");
            System.exit(Main.USAGE);
        }
        Path zones = copyOfZones(Path.of(args[0])); // serve keeps state in its folder: not in the sources
        // SLF4J set up here, before two threads log at once: else serve may find a stand-in logger for a moment.
        org.slf4j.LoggerFactory.getILoggerFactory();
        String logLevel = System.getProperty("cds.training.log", "warn");
        LogLevel.setRoot(logLevel);
        // Every start but a folder's first reads the serial state file there (SerialStateFile, with jackson's TOML
        // mapper, a few hundred classes): one reload writes it first, so serve reads it below as a restarted server
        // does, and those classes go into the archive too (without: ~690 classes read from the jar at each start).
        new Reloader(zones, new ZoneRegistry()).reload();
        zones.resolve(SerialStateFile.NAME).toFile().deleteOnExit();
        int port = freePort();
        Thread server = new Thread(() -> Main.run("serve", "--zones", zones.toString(), "--listen",
                "127.0.0.1:" + port, "--log-level", logLevel), "cds-training-serve");
        server.setDaemon(true);
        server.start();
        List<Name> origins = origins(zones);
        if (origins.isEmpty() || !answered(port, origins.get(0), server)) {
            System.err.println("CdsTraining: no answer from serve on " + zones);
            System.exit(1);
        }
        for (boolean tcp : new boolean[] {false, true}) {
            SimpleResolver resolver = resolver(port, tcp);
            for (Name origin : origins) {
                for (Name name : List.of(origin, Name.fromString("_dmarc", origin),
                        Name.fromString("no-such-name", origin))) {
                    for (int type : TYPES) {
                        resolver.setEDNS(type % 2 == 0 ? 0 : -1); // with and without EDNS
                        resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
                    }
                }
            }
        }
        Thread.sleep(500); // the policy lint of the first load runs after the first answer: let it load its classes
        System.exit(0); // serve's shutdown hook stops it; then the JVM writes the archive
    }

    private static boolean answered(int port, Name origin, Thread server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                SimpleResolver r = resolver(port, false);
                r.setTimeout(Duration.ofMillis(300));
                if (r.send(Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN))).getRcode() == 0) {
                    return true;
                }
            } catch (IOException e) {
                Thread.sleep(100); // not listening yet
            }
        }
        return false;
    }

    private static SimpleResolver resolver(int port, boolean tcp) throws IOException {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(port);
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    /** The origins the zones folder's file names give (zone-format.md: the name minus ".toml"). */
    private static List<Name> origins(Path zones) throws IOException {
        List<Name> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(zones)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String file = f.getFileName().toString();
                if (file.endsWith(".toml") && !file.startsWith(".")) {
                    out.add(Name.fromString(file.substring(0, file.length() - 5), Name.root));
                }
            }
        }
        return out;
    }

    /** The folder's zone files copied to a new temporary folder, removed when the JVM exits. */
    private static Path copyOfZones(Path from) throws IOException {
        Path to = Files.createTempDirectory("tomldns-cds-training");
        to.toFile().deleteOnExit();
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (file.endsWith(".toml") && !file.startsWith(".")) {
                    Path copy = Files.copy(f, to.resolve(file));
                    copy.toFile().deleteOnExit();
                }
            }
        }
        return to;
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
