package dev.tomldns.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.interop.NsdPeer;
import dev.tomldns.interop.PeerZone;
import dev.tomldns.testing.RunningServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 4035 §3.1 as {@link Rfc4035SignedAnswerTest}, over the same zone signed by BIND's {@code dnssec-signzone}
 * (keys from {@code dnssec-keygen}, ECDSA P-256, NSEC) and imported: its output (another record order, comments,
 * multi-line records) must import and be served as NSD serves the same file.
 */
class Rfc4035BindSignedAnswerTest {
    @TempDir
    static Path dir;
    private static RunningServer ours;
    private static NsdPeer nsd;

    @BeforeAll
    static void start() throws Exception {
        SignedZoneFixture zone = SignedZoneFixture.make(dir, true);
        ours = new RunningServer(zone.zones());
        nsd = (NsdPeer) new NsdPeer(dir.resolve("nsd"),
                List.of(PeerZone.primary(zone.origin(), zone.signedText(), null, List.of()))).start();
    }

    @AfterAll
    static void stop() {
        if (nsd != null) {
            nsd.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    @Test
    void doAnswersEqualNsdsOverUdp() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String[] row : Rfc4035SignedAnswerTest.ROWS) {
            String theirs = Rfc4035SignedAnswerTest.digest(
                    Rfc4035SignedAnswerTest.ask(nsd.address(), row[0], row[1], true, false));
            String mine = Rfc4035SignedAnswerTest.digest(
                    Rfc4035SignedAnswerTest.ask(ours.address, row[0], row[1], true, false));
            if (!theirs.equals(mine)) {
                differences.add(row[0] + " " + row[1] + " (" + row[2] + ")\n NSD: " + theirs + "\n tomldns: " + mine);
            }
        }
        assertEquals(List.of(), differences, String.join("\n", differences));
    }
}
