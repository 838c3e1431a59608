package dev.tomldns.dnssec.sign;

import dev.tomldns.zone.Zone;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.xbill.DNS.CDNSKEYRecord;
import org.xbill.DNS.CDSRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Signs a zone (RFC 4035 §2): publishes the DNSKEY RRset at the apex (with CDS and CDNSKEY for the key-signing
 * keys, RFC 7344), adds the NSEC or NSEC3 chain, and an RRSIG
 * for every authoritative RRset: everything but the NS RRset at a delegation point and glue below one (RFC 4035
 * §2.2); a DS at a delegation point is the parent's data and is signed. Signatures come from dnsjava's
 * {@link DNSSEC#sign}. The DNSSEC records the input holds (RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDS, CDNSKEY)
 * are the signer's and are made anew, so an unsigned zone and an older signed version of it sign alike.
 *
 * <p>Only what changed is signed again: an RRset of the previous signed version that is the same (records and TTL)
 * keeps its signatures while they are by the same keys and stay valid beyond the refresh window; the rest (the SOA,
 * whose serial changes, an edited RRset, the NSEC records around an added or removed name) get new ones.
 *
 * <p>The signatures cost nearly all of a signing's CPU (the JDK's ECDSA or EdDSA arithmetic), so a large batch (a
 * zone signed from scratch) is made on up to four threads of a pool of its own; the zone is built once they are
 * all made and is swapped in whole as before. A small batch (an edit, an update, a refresh) is made on one thread.
 */
public final class ZoneSigner {
    /** The types a signed zone gets from its signer only. */
    private static final Set<Integer> SIGNER_TYPES = Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM,
            Type.DNSKEY, Type.CDS, Type.CDNSKEY);

    /**
     * A signed version.
     *
     * @param zone the signed zone
     * @param earliestExpiry the expiration of the signature that expires first
     * @param refreshAt when some signature enters the refresh window and the zone should be signed again
     * @param made signatures made now
     * @param kept signatures kept from the previous version
     */
    public record Signed(Zone zone, Instant earliestExpiry, Instant refreshAt, int made, int kept) {
    }

    /** Threads that make the signatures of a large batch (a zone signed from scratch). */
    static final int SIGNING_THREADS = Math.min(Runtime.getRuntime().availableProcessors(), 4);
    /** Below this many signatures one thread signs (an edit, an update): a split costs more than it saves. */
    static final int PARALLEL_FROM = 256;

    private final SigningPolicy policy;
    private final List<SigningKey> keys;
    private final RandomGenerator random;

    private final int threads;

    public ZoneSigner(SigningPolicy policy, List<SigningKey> keys, RandomGenerator random) {
        this(policy, keys, random, SIGNING_THREADS);
    }

    /** A signer that splits a large batch into {@code threads} parts (1: everything on the calling thread). */
    ZoneSigner(SigningPolicy policy, List<SigningKey> keys, RandomGenerator random, int threads) {
        this.policy = policy;
        this.keys = List.copyOf(keys);
        this.random = random;
        this.threads = threads;
    }

    /** Whether records of {@code type} are made by the signer (and dropped from its input). */
    public static boolean signerType(int type) {
        return SIGNER_TYPES.contains(type);
    }

    /**
     * Signs {@code zone} as it stands, its SOA serial set to {@code serial}, reusing what it can of
     * {@code previous} (a signed version, or null) at time {@code now}.
     */
    public Signed sign(Zone zone, long serial, Zone previous, Instant now) throws SigningException {
        Name origin = zone.origin();
        SOARecord s = zone.soa();
        SOARecord soa = new SOARecord(s.getName(), s.getDClass(), s.getTTL(), s.getHost(), s.getAdmin(), serial,
                s.getRefresh(), s.getRetry(), s.getExpire(), s.getMinimum());
        // Canonical order (RFC 4034 §6.1: dnsjava's Name.compareTo), and within a name the types as they came.
        NavigableMap<Name, Map<Integer, List<Record>>> byName = new TreeMap<>();
        add(byName, soa);
        for (Record r : zone.records()) {
            if (r.getType() != Type.SOA && !signerType(r.getType())) {
                add(byName, r);
            }
        }
        List<SigningKey> published = keys.stream().filter(k -> k.publishedAt(now)).toList();
        // RFC 7583 §3.3.1: during a KSK (or CSK) rollover both keys sign the DNSKEY RRset, so it validates with
        // the old DS and with the new one.
        List<SigningKey> keySigners = keys.stream().filter(k -> k.signsKeysAt(now)).toList();
        List<SigningKey> zoneSigners = keys.stream().filter(k -> k.signsZoneAt(now)).toList();
        if (keySigners.isEmpty() || zoneSigners.isEmpty()) {
            throw new SigningException("zone " + origin + ": no active key to sign with in the key file; restore "
                    + "the dnssec folder from your backup");
        }
        // RFC 4034 §2: the DNSKEY RRset at the apex, TTL as the SOA's (Knot's dnskey-ttl default).
        for (SigningKey k : published) {
            DNSKEYRecord d = k.dnskey();
            add(byName, new DNSKEYRecord(origin, DClass.IN, soa.getTTL(), d.getFlags(), d.getProtocol(),
                    d.getAlgorithm(), d.getKey()));
        }
        // RFC 7344 §4, RFC 8078 §3: CDS and CDNSKEY for the key(s) whose DS the parent should hold, so a parent
        // (or registrar) that reads them can set up or keep the DS itself; as BIND's dnssec-policy publishes them.
        // During a rollover they point to the ready successor alone (Knot's KASP does the same).
        for (SigningKey k : SigningKey.forParent(keys, now)) {
            DNSKEYRecord d = k.dnskey();
            add(byName, new CDSRecord(origin, DClass.IN, soa.getTTL(), DNSSEC.Digest.SHA256, d));
            add(byName, new CDNSKEYRecord(origin, DClass.IN, soa.getTTL(), d.getFlags(), d.getProtocol(),
                    d.getAlgorithm(), d.getKey()));
        }
        if (policy.denial() == SigningPolicy.Denial.NSEC3) {
            add(byName, Nsec3Chain.parameters(origin));
        }
        Set<Name> cuts = new HashSet<>();
        for (var e : byName.entrySet()) {
            if (!e.getKey().equals(origin) && e.getValue().containsKey(Type.NS)) {
                cuts.add(e.getKey());
            }
        }
        // RFC 4035 §2.2: names below a cut are glue (or occluded data): not signed, not in the chain.
        NavigableMap<Name, Set<Integer>> authoritative = new TreeMap<>();
        for (var e : byName.entrySet()) {
            if (!below(e.getKey(), cuts, origin)) {
                authoritative.put(e.getKey(), e.getValue().keySet());
            }
        }
        long denialTtl = Math.min(soa.getTTL(), soa.getMinimum());
        List<Record> denial = new ArrayList<>();
        if (policy.denial() == SigningPolicy.Denial.NSEC3) {
            denial.addAll(Nsec3Chain.of(origin, authoritative, cuts, denialTtl));
        } else {
            denial.addAll(NsecChain.of(origin, authoritative, cuts, denialTtl));
        }
        for (Record r : denial) {
            add(byName, r);
        }
        Map<String, Reusable> reusable = previous == null ? Map.of() : reusable(previous);
        Instant inception = now.minus(SigningPolicy.INCEPTION_OFFSET).truncatedTo(ChronoUnit.SECONDS);
        Instant keepBeyond = now.plus(policy.refresh()).plus(SigningPolicy.BATCH);
        List<Record> out = new ArrayList<>();
        Instant earliest = null;
        int made;
        int kept = 0;
        List<Job> jobs = new ArrayList<>();
        for (var e : byName.entrySet()) {
            Name name = e.getKey();
            boolean cut = cuts.contains(name);
            boolean glue = !cut && below(name, cuts, origin);
            // NSEC3 owners are new names of their own: authoritative, never below a cut.
            for (var t : e.getValue().entrySet()) {
                int type = t.getKey();
                for (Record r : t.getValue()) {
                    if (type != Type.SOA) {
                        out.add(r);
                    }
                }
                boolean signed = !glue && (!cut || type == Type.DS || type == Type.NSEC);
                if (!signed) {
                    continue;
                }
                RRset set = new RRset();
                t.getValue().forEach(set::addRR);
                List<SigningKey> signers = keySet(type) ? keySigners : zoneSigners;
                List<RRSIGRecord> sigs = reuse(reusable.get(key(name, type)), set, keepBeyond, signers);
                if (sigs != null) {
                    kept += sigs.size();
                    out.addAll(sigs);
                } else {
                    for (SigningKey k : signers) {
                        jobs.add(new Job(set, k, expiration(now)));
                    }
                }
            }
        }
        List<RRSIGRecord> fresh = signAll(jobs, inception);
        made = fresh.size();
        out.addAll(fresh);
        for (Record r : out) {
            if (r instanceof RRSIGRecord sig && (earliest == null || sig.getExpire().isBefore(earliest))) {
                earliest = sig.getExpire();
            }
        }
        Zone signed = Zone.build(soa, out);
        // Signed again at the refresh time, or earlier when a key changes state (a rollover's next step).
        Instant refreshAt = earliest.minus(policy.refresh());
        Instant keyEvent = ZskRollover.nextEvent(keys, policy, now, Duration.ofSeconds(soa.getTTL()));
        if (keyEvent != null && keyEvent.isBefore(refreshAt)) {
            refreshAt = keyEvent;
        }
        Instant kskEvent = KskRollover.nextEvent(keys, policy, now);
        if (kskEvent != null && kskEvent.isBefore(refreshAt)) {
            refreshAt = kskEvent;
        }
        return new Signed(signed, earliest, refreshAt, made, kept);
    }

    /**
     * RRsets signed by the key-signing key(s): the DNSKEY RRset (RFC 6781 §3.1), and CDS and CDNSKEY, which
     * RFC 7344 §4.1 has signed by a key the parent's DS points to.
     */
    private static boolean keySet(int type) {
        return type == Type.DNSKEY || type == Type.CDS || type == Type.CDNSKEY;
    }

    /** One signature to make: an RRset, the key, and the expiration drawn for it. */
    private record Job(RRset set, SigningKey key, Instant expiration) {
    }

    /**
     * The expiration of a new signature: the validity from now, brought forward by up to the jitter so that
     * signatures made together expire apart (and so are refreshed apart). Drawn in zone order on the calling
     * thread, so a zone signs alike however many threads make its signatures.
     */
    private Instant expiration(Instant now) {
        long jitter = random.nextLong(Math.max(1, SigningPolicy.JITTER.toSeconds()));
        return now.plus(policy.validity()).minusSeconds(jitter).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Makes the signatures of {@code jobs}, in their order. Nearly all of a signing's CPU is the JDK's public-key
     * arithmetic, one signature at a time; a zone signed from scratch (many signatures) is split over
     * {@link #pool}'s threads, while a few (an edit, an update, a refresh batch) are made here on one thread.
     */
    private List<RRSIGRecord> signAll(List<Job> jobs, Instant inception) throws SigningException {
        if (jobs.size() < PARALLEL_FROM || threads < 2) {
            return signRange(jobs, 0, jobs.size(), inception);
        }
        int chunk = (jobs.size() + threads - 1) / threads;
        List<java.util.concurrent.Future<List<RRSIGRecord>>> parts = new ArrayList<>();
        for (int from = 0; from < jobs.size(); from += chunk) {
            int start = from;
            int end = Math.min(jobs.size(), from + chunk);
            parts.add(pool().submit(() -> signRange(jobs, start, end, inception)));
        }
        List<RRSIGRecord> out = new ArrayList<>(jobs.size());
        try {
            for (var part : parts) {
                out.addAll(part.get());
            }
        } catch (InterruptedException e) {
            parts.forEach(p -> p.cancel(true));
            Thread.currentThread().interrupt();
            throw new SigningException("zone " + jobs.get(0).key().dnskey().getName() + ": signing interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            parts.forEach(p -> p.cancel(true));
            if (e.getCause() instanceof SigningException failed) {
                throw failed;
            }
            throw new SigningException("zone " + jobs.get(0).key().dnskey().getName() + ": signing failed: "
                    + e.getCause());
        }
        return out;
    }

    private static List<RRSIGRecord> signRange(List<Job> jobs, int from, int to, Instant inception)
            throws SigningException {
        List<RRSIGRecord> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Job j = jobs.get(i);
            out.add(signature(j.set(), j.key(), inception, j.expiration()));
        }
        return out;
    }

    private static RRSIGRecord signature(RRset set, SigningKey k, Instant inception, Instant expiration)
            throws SigningException {
        try {
            return DNSSEC.sign(set, k.dnskey(), k.privateKey(), inception, expiration);
        } catch (DNSSEC.DNSSECException e) {
            throw new SigningException("zone " + k.dnskey().getName() + ": cannot sign " + set.getName() + " "
                    + Type.string(set.getType()) + " with key " + k + ": " + e.getMessage());
        }
    }

    /** The threads that sign a large batch: min(cores, 4), made on first use, daemons. */
    private static java.util.concurrent.ExecutorService pool() {
        return Pool.SIGNERS;
    }

    private static final class Pool {
        static final java.util.concurrent.ExecutorService SIGNERS = java.util.concurrent.Executors.newFixedThreadPool(
                SIGNING_THREADS, new java.util.concurrent.ThreadFactory() {
                    private final java.util.concurrent.atomic.AtomicInteger n =
                            new java.util.concurrent.atomic.AtomicInteger();

                    @Override
                    public Thread newThread(Runnable r) {
                        Thread t = new Thread(r, "dnssec-sign-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }
                });
    }

    /** The previous version's signatures for an RRset that did not change, when all may stay; else null. */
    private List<RRSIGRecord> reuse(Reusable before, RRset now, Instant keepBeyond, List<SigningKey> signers) {
        if (before == null || before.ttl != now.getTTL() || !before.records.equals(new HashSet<>(now.rrs()))) {
            return null;
        }
        List<RRSIGRecord> out = new ArrayList<>();
        for (SigningKey k : signers) {
            RRSIGRecord found = null;
            for (RRSIGRecord sig : before.sigs) {
                if (sig.getFootprint() == k.tag() && sig.getAlgorithm() == k.algorithm()
                        && sig.getExpire().isAfter(keepBeyond)) {
                    found = sig;
                }
            }
            if (found == null) {
                return null;
            }
            out.add(found);
        }
        return out.size() == before.sigs.size() ? out : null;
    }

    /** An RRset of the previous version with its signatures. */
    private record Reusable(long ttl, Set<Record> records, List<RRSIGRecord> sigs) {
    }

    private static Map<String, Reusable> reusable(Zone previous) {
        Map<String, Set<Record>> sets = new HashMap<>();
        Map<String, Long> ttls = new HashMap<>();
        Map<String, List<RRSIGRecord>> sigs = new HashMap<>();
        previous.forEachRecord(r -> {
            if (r instanceof RRSIGRecord sig) {
                sigs.computeIfAbsent(key(r.getName(), sig.getTypeCovered()), k -> new ArrayList<>()).add(sig);
            } else {
                String k = key(r.getName(), r.getType());
                sets.computeIfAbsent(k, x -> new HashSet<>()).add(r);
                ttls.merge(k, r.getTTL(), Math::min);
            }
        });
        Map<String, Reusable> out = new HashMap<>();
        for (var e : sigs.entrySet()) {
            Set<Record> set = sets.get(e.getKey());
            if (set != null) {
                out.put(e.getKey(), new Reusable(ttls.get(e.getKey()), set, e.getValue()));
            }
        }
        return out;
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase(java.util.Locale.ROOT) + "/" + type;
    }

    private static void add(NavigableMap<Name, Map<Integer, List<Record>>> byName, Record r) {
        byName.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                .computeIfAbsent(r.getType(), t -> new ArrayList<>()).add(r);
    }

    /** Whether {@code name} lies strictly below one of the cuts (RFC 1034 §4.2.1). */
    private static boolean below(Name name, Set<Name> cuts, Name origin) {
        if (cuts.isEmpty()) {
            return false;
        }
        for (Name p = name.labels() > 1 ? new Name(name, 1) : null; p != null && p.labels() > origin.labels()
                && p.subdomain(origin); p = p.labels() > 1 ? new Name(p, 1) : null) {
            if (cuts.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** The refresh window of the policy. */
    public Duration refresh() {
        return policy.refresh();
    }
}
