package dev.tomldns.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.config.ServerConfigReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * RFC 8945 §5.3: a signed ordinary query (as secondaries send for their SOA check) is answered by
 * the normal lookup and signed with the same key; a bad signature gets NOTAUTH/BADSIG.
 */
class Rfc8945SignedQueryTest {
    @TempDir Path dir;

    @Test
    void signedSoaQueryGetsASignedAnswerAndABadSignatureNotauth() throws Exception {
        Path zones = dir.resolve("zones");
        TomlZones.write(zones, "signed.test.", 7, "v=spf1 -all", 0);
        Path conf = dir.resolve("tomldns.toml");
        Files.writeString(conf, """
                zones = "%s"
                [[key]]
                name = "%s"
                algorithm = "hmac-sha256"
                secret = "%s"
                """.formatted(zones, InteropZones.KEY_256.name(), InteropZones.KEY_256.secretBase64()));
        try (Tomldns tomldns = new Tomldns(ServerConfigReader.read(conf), 0)) {
            for (boolean tcp : new boolean[] {false, true}) {
                SimpleResolver r = new SimpleResolver(new InetSocketAddress(PeerServer.LOOPBACK, tomldns.port()));
                r.setTCP(tcp);
                r.setTimeout(Duration.ofSeconds(2));
                r.setTSIGKey(InteropZones.KEY_256.toTsig());
                Message m = r.send(Message.newQuery(Record.newRecord(InteropZones.name("signed.test."), Type.SOA,
                        DClass.IN)));
                assertEquals(Rcode.NOERROR, m.getRcode());
                assertTrue(m.isSigned() && m.isVerified(), "answer signed and verified, tcp=" + tcp);
                assertEquals(Type.SOA, m.getSection(1).get(0).getType());
            }
            String bad = Dig.run(tomldns.port(), "-y", "hmac-sha256:" + InteropZones.WRONG_256.name() + ":"
                    + InteropZones.WRONG_256.secretBase64(), "signed.test.", "SOA");
            assertTrue(bad.contains("status: NOTAUTH"), bad);
            assertTrue(bad.contains("BADSIG"), bad);
        }
    }
}
