package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.LogCapture;
import dev.tomldns.xfr.PeerFailure;
import dev.tomldns.xfr.SecondaryZoneManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.WireParseException;
import org.xbill.DNS.ZoneTransferException;

/**
 * A failed exchange with a peer is logged in an operator's words: no Java class name, no exception text, whatever
 * failed underneath (the brief: never let an exception text reach a user; the log and {@code /ready} are read by one).
 */
class PeerFailureWordsTest {
    private static final Duration THREE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    record Case(Throwable failure, String words) {
    }

    @Test
    void eachFailureHasItsPlainWords() {
        List<Case> cases = List.of(
                new Case(new SocketTimeoutException("Read timed out"), "no answer within 3 s"),
                new Case(new ConnectException("Connection refused"), "connection refused"),
                new Case(new PortUnreachableException(), "port unreachable (nothing listens there)"),
                new Case(new WireParseException("end of input"), "the reply was not valid DNS (end of input)"),
                new Case(new ZoneTransferException("AXFR of x. does not end with its SOA"),
                        "AXFR of x. does not end with its SOA"),
                new Case(new ZoneTransferException(null), "the transfer failed"),
                new Case(new AccessDeniedException("/var/lib/tomldns/x"), "permission denied"),
                new Case(new IOException("java.lang.IllegalStateException: boom"), "I/O error"),
                new Case(new NullPointerException("Cannot invoke \"Object.toString()\" because \"x\" is null"),
                        "unexpected failure (details at debug level)"));
        for (Case c : cases) {
            assertEquals(c.words(), PeerFailure.why(c.failure(), THREE), c.failure().toString());
        }
    }

    @Test
    void secondaryWhosePrimaryIsGoneSaysSoInWords() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once it is closed
        }
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Path conf = dir.resolve("secondary.toml");
        Files.writeString(conf, "zones = \"" + zones + "\"\ndata-dir = \"" + dir.resolve("data") + "\"\n" + """
                [[secondary]]
                zone = "gone.test."
                primaries = ["127.0.0.1:%d"]
                """.formatted(closed));
        try (LogCapture log = new LogCapture(SecondaryZoneManager.class);
             WiredServer secondary = new WiredServer(conf, 0)) {
            WiredServer.await(15, () -> log.count("refresh from") >= 1, () -> log.lines().toString());
            String line = log.lines().stream().filter(l -> l.contains("refresh from")).findFirst().orElseThrow();
            assertTrue(line.startsWith("WARN secondary gone.test.: refresh from 127.0.0.1:" + closed + " failed: ") && line.contains(
                    " failed: "), line);
            assertTrue(line.endsWith("no answer within 3 s") || line.endsWith("port unreachable (nothing listens "
                    + "there)") || line.endsWith("connection refused"), line);
            assertFalse(line.contains("Exception") || line.contains("java."), line);
        }
    }
}
