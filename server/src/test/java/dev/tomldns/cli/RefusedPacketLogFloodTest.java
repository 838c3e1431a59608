package dev.tomldns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.LogCapture;
import dev.tomldns.xfr.SecondaryZoneManager;
import dev.tomldns.xfr.TransferResponder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A flood of refused NOTIFY and UDP AXFR packets (their source is spoofable, so anyone can send them) adds a bounded
 * number of log lines, while the refusal metrics still count every packet.
 */
class RefusedPacketLogFloodTest {
    private static final int PACKETS = 3000;

    @TempDir
    Path dir;

    @Test
    void floodOfRefusedNotifyAndUdpAxfrIsLoggedAtABoundedRateAndCountedExactly() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Cli.zone(zones, "xfr.test", Cli.record("www", "A", "192.0.2.7"));
        Path conf = dir.resolve("server.toml");
        Files.writeString(conf, "zones = \"" + zones + "\"\ndata-dir = \"" + dir.resolve("data") + "\"\n");
        try (WiredServer server = new WiredServer(conf, 0);
             LogCapture notifyLog = new LogCapture(SecondaryZoneManager.class);
             LogCapture transferLog = new LogCapture(TransferResponder.class);
             DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            byte[] notify = notify("other.test.").toWire();
            byte[] axfr = Message.newQuery(Record.newRecord(Name.fromString("xfr.test."), Type.AXFR, DClass.IN))
                    .toWire();
            byte[] buf = new byte[512];
            // One at a time, each answer awaited: every packet reaches the server, so the counts can be exact.
            for (int i = 0; i < PACKETS; i++) {
                for (byte[] packet : new byte[][] {notify, axfr}) {
                    socket.send(new DatagramPacket(packet, packet.length, server.address()));
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    socket.receive(reply);
                    assertEquals(Rcode.REFUSED, buf[3] & 0x0F);
                }
            }
            assertEquals(PACKETS, server.count("dns.notifies", "direction", "in", "result", "refused"));
            assertEquals(PACKETS, server.count("dns.transfers", "direction", "out", "result", "refused"));
            long notifyLines = notifyLog.count("refused");
            long transferLines = transferLog.count("refused");
            assertTrue(notifyLines >= 1 && notifyLines <= 20, notifyLines + " lines: " + notifyLog.lines());
            assertTrue(transferLines >= 1 && transferLines <= 20, transferLines + " lines: " + transferLog.lines());
            assertTrue(notifyLog.lines().contains("INFO NOTIFY for other.test. from 127.0.0.1 refused: not a "
                    + "secondary zone here"), notifyLog.lines().toString());
            assertTrue(transferLog.lines().contains("INFO AXFR of xfr.test. refused to 127.0.0.1: AXFR over UDP"),
                    transferLog.lines().toString());
        }
    }

    private static Message notify(String zone) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        return m;
    }
}
