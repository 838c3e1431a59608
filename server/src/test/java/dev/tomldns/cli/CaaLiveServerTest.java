package dev.tomldns.cli;

import static dev.tomldns.cli.Cli.caa;
import static dev.tomldns.cli.Cli.record;
import static dev.tomldns.cli.Cli.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.query.QueryProcessor;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tomldns caa --server}: the same search over the wire (dnsjava SimpleResolver) against the real tomldns
 * server on a loopback port, so what is checked is what a CA's resolver would receive.
 */
class CaaLiveServerTest {
    @TempDir
    Path dir;
    private DnsServer server;
    private String address;

    @BeforeEach
    void serve() throws Exception {
        zone(dir, "example.net", caa("@", 0, "issue", "\\u0000")
                + record("www", "CNAME", "cdn.example.org.")
                + record("le", "CNAME", "ok.example.org."));
        zone(dir, "example.org", caa("cdn", 0, "issue", "digicert.com")
                + caa("ok", 0, "issue", "letsencrypt.org; validationmethods=dns-01"));
        List<ZoneFile> files = ZoneDirectory.readAll(ZoneDirectory.list(dir), new ZoneFileReader()::read);
        files.forEach(f -> assertTrue(f.ok(), () -> f.diagnostics().toString()));
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(ZoneDirectory.catalogOf(files));
        server = new DnsServer(new QueryProcessor(registry), TcpSettings.DEFAULTS, 1);
        InetSocketAddress bound = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0);
        address = "127.0.0.1:" + bound.getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nulIssuerServedOverTheWireDenies() {
        Cli.Result r = Cli.run("caa", "example.net", "--ca", "letsencrypt.org", "--server", address);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("0 issue \"\\000\""), r::toString);
        assertTrue(r.out().contains("NUL octet"), r::toString);
        assertTrue(r.out().contains("server " + address), r::toString);
    }

    @Test
    void climbsPastTheServersZonesAndFollowsCname() {
        Cli.Result r = Cli.run("caa", "a.b.example.org", "--server", address);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("CAA org.: not ours to answer"), r::toString);
        Cli.Result cname = Cli.run("caa", "www.example.net", "--server", address);
        assertEquals(1, cname.exit(), cname::toString);
        assertTrue(cname.out().contains("-> CNAME cdn.example.org.: 1 CAA record(s)"), cname::toString);
        Cli.Result method = Cli.run("caa", "le.example.net", "--server", address, "--method", "http-01");
        assertEquals(1, method.exit(), method::toString);
        assertEquals(0, Cli.run("caa", "le.example.net", "--server", address, "--method", "dns-01").exit());
    }

    @Test
    void deadServerIsAFailureNotAnAllow() throws Exception {
        server.close();
        Cli.Result r = Cli.run("caa", "example.org", "--server", address);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("lookup FAILED"), r::toString);
    }
}
