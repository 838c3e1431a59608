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
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * The primary's side of RFC 1996 NOTIFY: when a zone's serial changes, tells each secondary over UDP, signed with the
 * target's TSIG key if it has one, and retransmits the same message (same ID, RFC 1996 §3.6) until it is answered or
 * {@code attempts} sends went unanswered, waiting twice as long each time. A newer serial for the same zone and
 * secondary supersedes an older one still being retried. A secondary listed more than once for a zone (same address
 * and port, e.g. in the server configuration and in the zone file) hears once, from its first entry. Each NOTIFY ends
 * as one {@link DnsMetrics#notify} count (direction out): ok, refused (REFUSED or NOTAUTH), or failed (another rcode,
 * or no answer).
 */
public final class NotifySender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifySender.class);
    /** RFC 1996 §3.6 leaves the numbers to the operator: 1 + 2 + 4 + 8 + 16 s bounds a dead secondary's cost. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_ATTEMPTS = 5;
    private static final int NO_REPLY = -1;

    private final TsigKeyring keyring;
    private final DnsMetrics metrics;
    private final Duration timeout;
    private final int attempts;
    private final ExecutorService pool;
    /**
     * The latest NOTIFY queued per zone and secondary (a sequence number): an older one still being retried stops.
     * Entries stay after delivery (one per zone and secondary ever notified), so a finished newer one still stops an
     * older one.
     */
    private final Map<String, Long> latest = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public NotifySender(TsigKeyring keyring, DnsMetrics metrics) {
        this(keyring, metrics, DEFAULT_TIMEOUT, DEFAULT_ATTEMPTS);
    }

    /** @param timeout how long the first attempt waits for the answer; each retransmission waits twice as long */
    public NotifySender(TsigKeyring keyring, DnsMetrics metrics, Duration timeout, int attempts) {
        this.keyring = keyring;
        this.metrics = metrics;
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tomldns-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a NOTIFY of {@code zone}'s current SOA to each target, once per address and port (the first entry wins:
     * list the ones that carry a key first); returns at once.
     */
    public void send(Zone zone, List<NotifyTarget> targets) {
        Set<InetSocketAddress> seen = new HashSet<>();
        for (NotifyTarget target : targets) {
            if (!seen.add(target.address())) {
                log.debug("NOTIFY {} to {}: listed twice, sent once", zone.origin(), target.address());
                continue;
            }
            queue(zone.soa(), target);
        }
    }

    private void queue(SOARecord soa, NotifyTarget target) {
        String key = soa.getName() + " " + target.address();
        long turn = sequence.incrementAndGet();
        latest.put(key, turn);
        pool.execute(() -> deliver(soa, target, key, turn));
    }

    private void deliver(SOARecord soa, NotifyTarget target, String key, long turn) {
        int rcode = NO_REPLY;
        try {
            rcode = exchange(soa, target, key, turn);
        } catch (IOException e) {
            log.warn("NOTIFY {} to {} failed: {}", soa.getName(), target.address(), PeerFailure.why(e, timeout));
        } catch (Superseded e) {
            log.debug("NOTIFY {} serial {} to {}: superseded by a newer one", soa.getName(), soa.getSerial(),
                    target.address());
            return; // a newer serial is being notified; that one counts
        }
        report(soa, target, rcode);
    }

    /** Sends until answered or out of attempts; the answer's rcode, or NO_REPLY. */
    private int exchange(SOARecord soa, NotifyTarget target, String key, long turn) throws IOException, Superseded {
        Message notify = message(soa);
        byte[] wire = sign(notify, target);
        int id = notify.getHeader().getID();
        Duration wait = timeout;
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                if (latest.get(key) != turn) {
                    throw new Superseded();
                }
                // RFC 1996 §3.6: a retransmission is the same message, same ID (and the same signature).
                socket.send(new DatagramPacket(wire, wire.length, target.address()));
                int rcode = awaitReply(socket, id, wait);
                if (rcode != NO_REPLY) {
                    return rcode;
                }
                log.debug("NOTIFY {} to {} attempt {}/{}: no answer", soa.getName(), target.address(), attempt,
                        attempts);
                wait = wait.multipliedBy(2);
            }
        }
        return NO_REPLY;
    }

    private void report(SOARecord soa, NotifyTarget target, int rcode) {
        Name zone = soa.getName();
        if (rcode == NO_REPLY) {
            log.warn("NOTIFY {} serial {} to {}: no answer after {} attempts; the secondary will find the change at "
                    + "its next SOA refresh", zone, soa.getSerial(), target.address(), attempts);
            metrics.notify(Direction.OUT, Outcome.FAILED);
            return;
        }
        if (rcode == Rcode.NOERROR) {
            log.info("NOTIFY {} serial {} to {}: acknowledged", zone, soa.getSerial(), target.address());
        } else {
            // An error answer is an answer: retrying will not change it.
            log.warn("NOTIFY {} serial {} to {}: answered {}", zone, soa.getSerial(), target.address(),
                    Rcode.string(rcode));
        }
        metrics.notify(Direction.OUT, Outcome.ofRcode(rcode));
    }

    /** RFC 1996 §3.7: opcode NOTIFY, AA set, the zone's SOA as the question and (as a hint) in the answer. */
    static Message message(SOARecord soa) {
        Message m = Message.newQuery(Record.newRecord(soa.getName(), Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(soa, Section.ANSWER);
        return m;
    }

    /** The wire form, signed with the target's key when it names one the keyring holds. */
    private byte[] sign(Message m, NotifyTarget target) {
        TSIG tsig = target.key() == null ? null : keyring.get(target.key()).map(TsigKey::toTsig).orElse(null);
        if (tsig != null) {
            m.setTSIG(tsig);
        }
        return m.toWire(512); // toWire(int) applies the TSIG
    }

    /** The rcode of the answer with this ID, or NO_REPLY; an answer that does not parse counts as FORMERR. */
    private static int awaitReply(DatagramSocket socket, int id, Duration wait) throws IOException {
        byte[] buf = new byte[4096];
        long end = System.nanoTime() + wait.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return NO_REPLY;
            }
            if (p.getLength() >= 4 && (((buf[0] & 0xff) << 8) | (buf[1] & 0xff)) == id) {
                try {
                    return new Message(Arrays.copyOf(buf, p.getLength())).getRcode();
                } catch (IOException malformed) {
                    return Rcode.FORMERR;
                }
            }
        }
        return NO_REPLY;
    }

    /** Thrown inside a delivery when a newer serial for the same zone and target took over. */
    private static final class Superseded extends Exception {
        Superseded() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
