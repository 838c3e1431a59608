package dev.tomldns.rrl;

import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.security.CidrBlock;
import dev.tomldns.wire.ResponseKind;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * Response rate limiting for UDP (as BIND's {@code rate-limit} and Knot's {@code rate-limit}): each response is
 * counted in a token bucket keyed by the client's prefix (IPv4 /24, IPv6 /56 by default), its
 * {@link ResponseKind} and the name {@link ResponseClassifier} picks. A bucket earns its kind's rate in tokens per
 * second, holds at most one second's worth, and owes at most {@code window} seconds' worth; a response that finds
 * it empty is limited: dropped, or, every {@code slip}-th time, sent truncated (TC=1) so that a real resolver whose
 * address an attacker forged retries over TCP and is answered. TCP is never limited (the transport does not ask).
 *
 * <p>The table has a fixed number of buckets, allocated once: a bucket is found among 4 neighbouring slots of its
 * hash, and when none is free the one used longest ago is taken over. Keys are hashed with a per-process random
 * seed, so an attacker cannot aim collisions at a victim's bucket. The event-loop threads share the table without
 * locks: two threads updating one bucket at the same instant may lose one count (each slot's state is one
 * {@code long}, so it is never torn). Checking a response allocates nothing for an IPv4 client.
 */
public final class ResponseRateLimit {
    /** What to do with a response. */
    public static final int SEND = 0;
    public static final int DROP = 1;
    public static final int SLIP = 2;

    private static final int PROBE = 4;
    private static final int TIME_MASK = 0xffffff;

    private final RrlSettings settings;
    private final DnsMetrics metrics;
    private final long[] keys;
    /** Per slot: balance (high 32 bits, signed), last second (24 bits), slip count (8 bits). */
    private final long[] states;
    private final int mask;
    private final long seed = new SecureRandom().nextLong();
    private final long start = System.nanoTime();
    private final int[] rates = new int[ResponseKind.values().length];
    private final int v4Mask;
    private final int v6Prefix;
    private volatile Exemption exemption;
    private volatile ZoneLookup zones;

    /** Whether a limited response's client is to be answered anyway (a valid DNS server cookie, RFC 7873 §5.3). */
    @FunctionalInterface
    public interface Exemption {
        boolean exempt(ByteBuf query, InetSocketAddress client);
    }

    public ResponseRateLimit(RrlSettings settings, DnsMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        int capacity = Integer.highestOneBit(Math.max(PROBE, settings.tableSize() - 1)) << 1;
        this.keys = new long[capacity];
        this.states = new long[capacity];
        this.mask = capacity - 1;
        for (ResponseKind kind : ResponseKind.values()) {
            rates[kind.ordinal()] = settings.rate(kind);
        }
        this.v4Mask = settings.ipv4PrefixLength() == 0 ? 0 : -1 << (32 - settings.ipv4PrefixLength());
        this.v6Prefix = settings.ipv6PrefixLength();
    }

    public RrlSettings settings() {
        return settings;
    }

    /** Buckets in the table (a power of two, at least the configured size). */
    public int capacity() {
        return keys.length;
    }

    /** Clients that pass this test are answered however fast they ask (set once, before queries arrive). */
    public void exemption(Exemption e) {
        this.exemption = e;
    }

    /**
     * The zones answers come from (set once, before queries arrive): wildcard answers and NODATA are then counted
     * by their wildcard ({@link ZoneLookup}); without them, by the question name.
     */
    public void zones(ZoneRegistry registry) {
        this.zones = new ZoneLookup(registry);
    }

    /**
     * What to do with {@code response} to {@code query} from {@code client}: {@link #SEND}, {@link #DROP} (the
     * caller releases it) or {@link #SLIP} (the response has been cut to a truncated one in place; send it).
     */
    public int check(ByteBuf query, ByteBuf response, InetSocketAddress client) {
        long classified = ResponseClassifier.classify(response);
        if (classified == ResponseClassifier.NOT_LIMITED) {
            return SEND;
        }
        ResponseKind kind = ResponseClassifier.kind(classified);
        int rate = rates[kind.ordinal()];
        if (rate == 0) {
            return SEND;
        }
        InetAddress address = client.getAddress();
        ZoneLookup lookup = zones;
        int now = now();
        long key = key(address, classified);
        int slot = find(key, now);
        if (slot < 0 && lookup != null && (kind == ResponseKind.ANSWER || kind == ResponseKind.NODATA)) {
            // A name new to the table may be one a wildcard synthesized (RFC 4592 §3.3.1): then its bucket is the
            // wildcard's, as in NSD and BIND, so random names under it are one bucket. A name that has a bucket was
            // answered for itself when the bucket was made, so the common case (a name asked again) pays no lookup.
            long wildcard = lookup.wildcard(response, kind);
            if (wildcard != ZoneLookup.NONE) {
                key = key(address, wildcard);
                slot = find(key, now);
            }
        }
        int verdict = spend(slot, key, rate, now);
        if (verdict == SEND || exempt(query, client)) {
            return SEND;
        }
        if (verdict == SLIP && ResponseClassifier.truncate(response)) {
            metrics.rateLimited(kind, true);
            return SLIP;
        }
        metrics.rateLimited(kind, false);
        return DROP;
    }

    private boolean exempt(ByteBuf query, InetSocketAddress client) {
        for (CidrBlock block : settings.exemptClients()) {
            if (block.contains(client.getAddress())) {
                return true;
            }
        }
        Exemption e = exemption;
        return e != null && e.exempt(query, client);
    }

    /** The bucket's key: seed, client prefix, kind and name mixed; never 0 (an empty slot). */
    private long key(InetAddress address, long classified) {
        long k = seed;
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address as an int (its documented contract): no array copied.
            k = ResponseClassifier.mix(k ^ (address.hashCode() & v4Mask));
        } else {
            byte[] a = address.getAddress();
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 16 && i < a.length; i++) {
                int bits = Math.min(8, Math.max(0, v6Prefix - i * 8));
                int b = a[i] & (0xff00 >>> bits) & 0xff;
                if (i < 8) {
                    hi = hi << 8 | b;
                } else {
                    lo = lo << 8 | b;
                }
            }
            k = ResponseClassifier.mix(ResponseClassifier.mix(k ^ hi ^ 0x6000000000000000L) ^ lo);
        }
        k = ResponseClassifier.mix(k ^ classified);
        return k == 0 ? 1 : k;
    }

    private int now() {
        return (int) ((System.nanoTime() - start) / 1_000_000_000L) & TIME_MASK;
    }

    /**
     * The slot of bucket {@code key} among its {@link #PROBE} slots; when it has none, {@code -1 - s} where
     * {@code s} is the slot it would take: a free one, or the one used longest ago.
     */
    private int find(long key, int now) {
        int home = (int) (key ^ key >>> 32) & mask;
        int oldest = home;
        int oldestAge = -1;
        for (int i = 0; i < PROBE; i++) {
            int s = (home + i) & mask;
            long k = keys[s];
            if (k == key) {
                return s;
            }
            int age = k == 0 ? Integer.MAX_VALUE : (now - (int) (states[s] >>> 8) & TIME_MASK) & TIME_MASK;
            if (age > oldestAge) {
                oldestAge = age;
                oldest = s;
            }
        }
        return -1 - oldest;
    }

    /** One response from bucket {@code key} (at {@code slot}, from {@link #find}): SEND when a token was left. */
    private int spend(int slot, long key, int rate, int now) {
        long state;
        if (slot < 0) {
            // A new bucket starts with a full second's worth of tokens, in the free slot or the one idle longest.
            slot = -1 - slot;
            keys[slot] = key;
            state = (long) rate << 32 | (long) now << 8;
        } else {
            state = states[slot];
        }
        long balance = state >> 32;
        int last = (int) (state >>> 8) & TIME_MASK;
        int slips = (int) state & 0xff;
        int elapsed = (now - last) & TIME_MASK;
        if (elapsed > 0) {
            balance = Math.min(rate, balance + (long) Math.min(elapsed, settings.window() + 1) * rate);
        }
        balance = Math.max(-(long) settings.window() * rate, balance - 1);
        int verdict = SEND;
        if (balance < 0) {
            verdict = DROP;
            int slip = settings.slip();
            if (slip > 0 && ++slips >= slip) {
                slips = 0;
                verdict = SLIP;
            }
        }
        states[slot] = balance << 32 | (long) now << 8 | slips;
        return verdict;
    }
}
