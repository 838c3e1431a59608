package dev.tomldns.xfr;

import dev.tomldns.config.NotifyTarget;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.metrics.DnsMetrics.Direction;
import dev.tomldns.metrics.DnsMetrics.Outcome;
import dev.tomldns.security.TsigKey;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.zone.Zone;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) to a zone's also-notify targets when its serial changes, over UDP with a
 * bounded number of retransmissions (RFC 1996 §3.6), signed with the target's TSIG key if any. Each
 * NOTIFY ends as one {@link DnsMetrics#notify} count (direction out): ok, refused (REFUSED or NOTAUTH),
 * or failed (another rcode, or no answer).
 */
public final class NotifySender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifySender.class);
    /** RFC 1996 §3.6: retransmit until answered, a bounded number of times. */
    private static final int ATTEMPTS = 5;
    private static final int TIMEOUT_MS = 1000;

    private final TsigKeyring keyring;
    private final DnsMetrics metrics;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tomldns-notify");
        t.setDaemon(true);
        return t;
    });

    public NotifySender(TsigKeyring keyring) {
        this(keyring, DnsMetrics.NOOP);
    }

    public NotifySender(TsigKeyring keyring, DnsMetrics metrics) {
        this.keyring = keyring;
        this.metrics = metrics;
    }

    /** Queues a NOTIFY of {@code zone} to each target; returns at once. */
    public void notifyAll(Zone zone, List<NotifyTarget> targets) {
        for (NotifyTarget target : targets) {
            executor.execute(() -> send(zone, target));
        }
    }

    private void send(Zone zone, NotifyTarget target) {
        // RFC 1996 §3.7: QUERY section holds the zone's SOA question; the answer may carry the new SOA.
        Message m = Message.newQuery(Record.newRecord(zone.origin(), Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(zone.soa(), Section.ANSWER);
        TSIG tsig = target.key() == null ? null : keyring.get(target.key()).map(TsigKey::toTsig).orElse(null);
        if (tsig != null) {
            m.setTSIG(tsig);
        }
        byte[] wire = m.toWire(512); // toWire(int) applies the TSIG
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(TIMEOUT_MS);
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                socket.send(new DatagramPacket(wire, wire.length, target.address()));
                int rcode = awaitReply(socket, m.getHeader().getID());
                if (rcode == NO_REPLY) {
                    continue;
                }
                if (rcode == Rcode.NOERROR) {
                    log.info("NOTIFY {} serial {} to {} acknowledged", zone.origin(), zone.serial(), target.address());
                } else {
                    // An error answer is an answer: retrying will not change it.
                    log.warn("NOTIFY {} serial {} to {}: answered {}", zone.origin(), zone.serial(),
                            target.address(), Rcode.string(rcode));
                }
                metrics.notify(Direction.OUT, Outcome.ofRcode(rcode));
                return;
            }
            log.warn("NOTIFY {} serial {} to {}: no answer after {} tries", zone.origin(), zone.serial(),
                    target.address(), ATTEMPTS);
        } catch (IOException e) {
            log.warn("NOTIFY {} to {} failed: {}", zone.origin(), target.address(), e.toString());
        }
        metrics.notify(Direction.OUT, Outcome.FAILED);
    }

    private static final int NO_REPLY = -1;

    /** The rcode of the answer with this ID, or NO_REPLY; an answer that does not parse counts as FORMERR. */
    private static int awaitReply(DatagramSocket socket, int id) throws IOException {
        byte[] buf = new byte[4096];
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return NO_REPLY;
            }
            if (p.getLength() >= 4 && (((buf[0] & 0xff) << 8) | (buf[1] & 0xff)) == id) {
                try {
                    return new Message(java.util.Arrays.copyOf(buf, p.getLength())).getRcode();
                } catch (IOException malformed) {
                    return Rcode.FORMERR;
                }
            }
        }
        return NO_REPLY;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
