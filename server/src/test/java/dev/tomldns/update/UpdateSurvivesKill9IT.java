package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Nothing acknowledged is lost (RFC 2136 §3.7, and the server's promise of NOERROR only once durable): signed
 * updates stream in while the server is killed with SIGKILL at random moments, ten times; after each restart every
 * update that got NOERROR is served, the serial is never below one seen before the kill, and the hand-written zone
 * file is byte for byte as written.
 */
class UpdateSurvivesKill9IT {
    static final String ZONE = "crash.test.";
    static final String SECRET = "Y3Jhc2gta2V5LWNyYXNoLWtleS1jcmFzaC1rZXkh";
    static final int KILLS = 10;

    @TempDir Path dir;

    @Test
    void everyAcknowledgedUpdateSurvivesKill9AndTheSerialNeverGoesBack() throws Exception {
        Path zones = dir.resolve("zones");
        String zoneText = UpdateSetup.write(dir, ZONE, null, "", SECRET, "\"TXT\"", "");
        Random random = new Random(2136);
        List<String> acknowledged = new ArrayList<>();
        long highestSerial = 0;
        int next = 0;
        try (ServeProcess server = new ServeProcess(dir)) {
            for (int kill = 0; kill <= KILLS; kill++) {
                server.start(ZONE);
                for (String name : acknowledged) {
                    assertEquals(List.of(name.substring(0, name.indexOf('.'))), server.data(name, Type.TXT),
                            "acknowledged update lost after kill " + kill + "\n" + server.log());
                }
                long serial = server.serial(ZONE);
                assertTrue(serial >= highestSerial, "serial went back: " + highestSerial + " -> " + serial);
                highestSerial = serial;
                assertEquals(zoneText, Files.readString(zones.resolve("crash.test.toml")));
                if (kill == KILLS) {
                    break;
                }
                // Updates stream in on this thread until the killer below strikes, between 0.2 and 1.2 s from now.
                AtomicBoolean dead = new AtomicBoolean();
                long killAt = System.nanoTime() + Duration.ofMillis(200 + random.nextInt(1000)).toNanos();
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(Math.max(0, (killAt - System.nanoTime()) / 1_000_000));
                        server.kill9();
                        dead.set(true);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                killer.start();
                while (!dead.get()) {
                    String name = "v" + next++ + "." + ZONE;
                    Integer rcode = update(server.port, name);
                    if (rcode != null && rcode == Rcode.NOERROR) {
                        acknowledged.add(name);
                        highestSerial = Math.max(highestSerial, lastSerial);
                    }
                }
                killer.join();
            }
        }
        assertTrue(acknowledged.size() >= KILLS, "too few updates got through: " + acknowledged.size());
    }

    private long lastSerial;

    /** Sends one signed update adding a TXT at {@code name}; the rcode, or null when no answer came. */
    private Integer update(int port, String name) {
        try {
            // Both transports: each reply is sent by the update thread once the change is on disk.
            Message reply = SignedUpdate.send(port, name.hashCode() % 2 == 0, "writer.", SECRET,
                    SignedUpdate.addTxt(ZONE, name, 60, name.substring(0, name.indexOf('.'))), Duration.ofMillis(800));
            if (reply.getRcode() == Rcode.NOERROR) {
                // The serial served right after this update's NOERROR: the floor for after the restart.
                SimpleResolver q = new SimpleResolver("127.0.0.1");
                q.setPort(port);
                q.setTimeout(Duration.ofMillis(800));
                try {
                    Record soa = q.send(Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.SOA,
                            DClass.IN))).getSection(Section.ANSWER).get(0);
                    lastSerial = ((org.xbill.DNS.SOARecord) soa).getSerial();
                } catch (Exception killedMeanwhile) {
                    // the update counts; the serial floor stays what it was
                }
            }
            return reply.getRcode();
        } catch (Exception noAnswer) {
            return null;
        }
    }
}
