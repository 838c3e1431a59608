package dev.tomldns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Tools;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example zones through the real {@code dig}, {@code kdig} and {@code nslookup} a user types, over UDP and TCP.
 * These binaries are installed by .ci/run; a missing one fails the test.
 */
class RealClientsTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RunningServer(Fixture.exampleZones());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String dig(String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "dig";
        cmd[1] = "@127.0.0.1";
        cmd[2] = "-p" + server.port();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Tools.Result r = Tools.run(cmd);
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    private static String kdig(String... args) throws Exception {
        String[] cmd = new String[args.length + 4];
        cmd[0] = "kdig";
        cmd[1] = "@127.0.0.1";
        cmd[2] = "-p";
        cmd[3] = String.valueOf(server.port());
        System.arraycopy(args, 0, cmd, 4, args.length);
        Tools.Result r = Tools.run(cmd);
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    private static void assertLine(String out, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(out).find(), "no line /" + regex + "/ in:\n" + out);
    }

    @Test
    void digShowsTheCaaRecordAsConfiguredWithAa() throws Exception {
        String out = dig("example.net", "CAA");
        assertLine(out, "^;; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1$");
        assertLine(out, "^;; ->>HEADER<<- opcode: QUERY, status: NOERROR");
        assertLine(out, "^example\\.net\\.\\s+3600\\s+IN\\s+CAA\\s+0 issue \"letsencrypt\\.org\"$");
        assertLine(out, "^example\\.net\\.\\s+3600\\s+IN\\s+CAA\\s+0 iodef \"mailto:security@example\\.net\"$");
        assertLine(out, "^; EDNS: version: 0, flags:; udp: 1232$");
    }

    @Test
    void digNorecShowsExactlyQrAa() throws Exception {
        assertLine(dig("+norec", "example.net", "CAA"), "^;; flags: qr aa; QUERY: 1, ANSWER: 2,");
    }

    @Test
    void dkimKeyComesBackAsSeveralStringsThatConcatenateToTheKey() throws Exception {
        String out = dig("+short", "mail2026._domainkey.example.net", "TXT");
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(out.trim());
        StringBuilder joined = new StringBuilder();
        int strings = 0;
        while (m.find()) {
            joined.append(m.group(1));
            strings++;
        }
        assertTrue(strings >= 2, "expected the key split into several strings: " + out);
        assertTrue(joined.toString().startsWith("v=DKIM1; k=rsa; p=MIIBIjAN"), joined.toString());
        String file = java.nio.file.Files.readString(Fixture.exampleZones().resolve("example.net.toml"));
        Matcher key = Pattern.compile("text = \"(v=DKIM1[^\"]*)\"").matcher(file);
        assertTrue(key.find());
        assertEquals(key.group(1), joined.toString());
    }

    @Test
    void digOverTcpGivesTheSameAnswer() throws Exception {
        assertLine(dig("+tcp", "_dmarc.example.net", "TXT"),
                "^_dmarc\\.example\\.net\\.\\s+3600\\s+IN\\s+TXT\\s+\"v=DMARC1; p=none; rua=mailto:dmarc-rua@example\\.net; "
                        + "ruf=mailto:dmarc-ruf@example\\.net\"$");
    }

    @Test
    void digNxdomainShowsSoaWithNegativeTtl() throws Exception {
        String out = dig("nothere.example.net", "A");
        assertLine(out, "status: NXDOMAIN");
        assertLine(out, "^example\\.net\\.\\s+300\\s+IN\\s+SOA\\s+ns1\\.example\\.net\\. hostmaster\\.example\\.net\\. 2026112801 7200 3600 1209600 300$");
    }

    @Test
    void digOutsideOurZonesIsRefused() throws Exception {
        assertLine(dig("example.com", "A"), "status: REFUSED");
    }

    @Test
    void kdigOverUdpAndTcp() throws Exception {
        String udp = kdig("example.net", "CAA");
        assertLine(udp, "^;; Flags: qr aa rd; QUERY: 1; ANSWER: 2; AUTHORITY: 0; ADDITIONAL: 0$");
        // kdig sends no EDNS by default, and prints CAA with a trailing blank.
        assertLine(udp, "^example\\.net\\.\\s+3600\\s+IN\\s+CAA\\s+0 issue \"letsencrypt\\.org\"\\s*$");
        String tcp = kdig("+tcp", "_smtp._tls.example.net", "TXT");
        assertLine(tcp, "^_smtp\\._tls\\.example\\.net\\.\\s+3600\\s+IN\\s+TXT\\s+\"v=TLSRPTv1; rua=mailto:tlsrpt@example\\.net\"$");
        assertLine(tcp, "TCP");
    }

    @Test
    void kdigEdnsVersion1GetsBadvers() throws Exception {
        assertLine(kdig("+edns=1", "example.net", "A"), "status: BADVERS");
    }

    @Test
    void nslookupShowsCaaAndTxt() throws Exception {
        Tools.Result caa = Tools.run("nslookup", "-port=" + server.port(), "-query=CAA", "example.net", "127.0.0.1");
        assertEquals(0, caa.exit(), caa.out());
        assertLine(caa.out(), "^example\\.net\\s+rdata_257 = 0 issue \"letsencrypt\\.org\"$");
        Tools.Result txt = Tools.run("nslookup", "-port=" + server.port(), "-query=TXT", "example.net", "127.0.0.1");
        assertEquals(0, txt.exit(), txt.out());
        assertLine(txt.out(), "^example\\.net\\s+text = \"v=spf1 mx -all\"$");
    }

    @Test
    void wildcardAndCaseEchoThroughDig() throws Exception {
        String out = dig("Host1.LAB.example.org", "A");
        assertLine(out, "^;Host1\\.LAB\\.example\\.org\\.\\s+IN\\s+A$");
        assertLine(out, "^Host1\\.LAB\\.example\\.org\\.\\s+600\\s+IN\\s+A\\s+198\\.51\\.100\\.77$");
    }
}
