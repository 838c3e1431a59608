package dev.tomldns.reload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
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
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * RFC 1996 NOTIFY: when a zone's serial changes, tells each of its {@code also-notify} secondaries over UDP, and
 * retransmits until one answers or {@code attempts} sends went unanswered (§3.6), waiting twice as long each time.
 * A newer serial for the same zone and secondary supersedes an older one still being retried. A secondary that
 * another sender already notifies for the zone (the server configuration's also-notify, see {@link #skip}) is left
 * out, so it hears once.
 */
public final class NotifySender implements ReloadListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifySender.class);
    /** RFC 1996 §3.6 leaves the numbers to the operator; these keep a dead secondary's cost to about a minute. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_ATTEMPTS = 5;

    /** Told how each NOTIFY ended (for metrics). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param rcode the secondary's answer (RFC 1035 §4.1.1 RCODE), or {@link #NO_ANSWER} after the last attempt
         */
        void notified(Name zone, InetSocketAddress target, int rcode);
    }

    /** The rcode passed to a {@link Listener} when no attempt was answered. */
    public static final int NO_ANSWER = -1;

    private final Duration timeout;
    private volatile Listener listener = (zone, target, rcode) -> { };
    private volatile BiPredicate<Name, InetSocketAddress> notifiedElsewhere = (zone, target) -> false;
    private final int attempts;
    private final ExecutorService pool;
    /** The latest serial being notified per zone and secondary. */
    private final Map<String, Long> latest = new ConcurrentHashMap<>();

    public NotifySender() {
        this(DEFAULT_TIMEOUT, DEFAULT_ATTEMPTS);
    }

    /** @param timeout how long the first attempt waits for the answer; each retry waits twice as long */
    public NotifySender(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tomldns-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sets who hears how each NOTIFY ended. */
    public void onResult(Listener l) {
        this.listener = l;
    }

    /** Leaves out the (zone, secondary) pairs for which {@code notifiedElsewhere} is true. */
    public void skip(BiPredicate<Name, InetSocketAddress> notifiedElsewhere) {
        this.notifiedElsewhere = notifiedElsewhere;
    }

    @Override
    public void reloaded(ZoneReload change) {
        if (!change.ok() || change.newZone() == null || !change.newSerial()) {
            return;
        }
        Name zone = change.newZone().origin();
        for (InetSocketAddress target : change.alsoNotify()) {
            if (notifiedElsewhere.test(zone, target)) {
                log.debug("NOTIFY {} to {}: sent as the server configuration's also-notify", zone, target);
                continue;
            }
            send(change.newZone().soa(), target);
        }
    }

    /** Queues NOTIFY for this SOA to one secondary. */
    public void send(SOARecord soa, InetSocketAddress target) {
        String key = soa.getName() + " " + target;
        latest.put(key, soa.getSerial());
        pool.execute(() -> deliver(soa, target, key));
    }

    private void deliver(SOARecord soa, InetSocketAddress target, String key) {
        Name zone = soa.getName();
        Duration wait = timeout;
        Message notify = notify(soa); // RFC 1996 §3.6: a retransmission is the same message, same ID
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (latest.getOrDefault(key, soa.getSerial()) != soa.getSerial()) {
                return; // a newer serial is being notified
            }
            try {
                Message answer = resolver(target, wait).send(notify);
                int rcode = answer.getRcode();
                if (rcode == Rcode.NOERROR) {
                    log.info("NOTIFY {} serial {} to {}: acknowledged", zone, soa.getSerial(), target);
                } else {
                    // RFC 1996 §4.8 aside, an error answer is an answer: retrying will not change it.
                    log.warn("NOTIFY {} serial {} to {}: answered {}", zone, soa.getSerial(), target,
                            Rcode.string(rcode));
                }
                latest.remove(key, soa.getSerial());
                listener.notified(zone, target, rcode);
                return;
            } catch (IOException e) {
                log.debug("NOTIFY {} to {} attempt {}/{}: {}", zone, target, attempt, attempts, e.toString());
            }
            wait = wait.multipliedBy(2);
        }
        latest.remove(key, soa.getSerial());
        listener.notified(zone, target, NO_ANSWER);
        log.warn("NOTIFY {} serial {} to {}: no answer after {} attempts; the secondary will find the change at its "
                + "next SOA refresh", zone, soa.getSerial(), target, attempts);
    }

    /** RFC 1996 §3.7: opcode NOTIFY, AA set, the zone's SOA as the question and (as a hint) in the answer. */
    static Message notify(SOARecord soa) {
        Message m = Message.newQuery(Record.newRecord(soa.getName(), Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(soa, Section.ANSWER);
        return m;
    }

    private static SimpleResolver resolver(InetSocketAddress target, Duration wait) {
        SimpleResolver r = new SimpleResolver(target);
        r.setTimeout(wait);
        return r;
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
