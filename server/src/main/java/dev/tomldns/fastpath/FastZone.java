package dev.tomldns.fastpath;

import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.tomldns.wire.Limits;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer cache of one version of a zone ({@link Zone#attach attached} to it): the types each owner name owns
 * (by the zone's own name ids, found by {@link Zone#locate}), and the response to each (name, type) encoded once,
 * on first use, by the reference {@link QueryProcessor} over this zone alone, so that the cached answers are the
 * encoder's bytes.
 *
 * <p>Only answers that depend on nothing but the (name, type) are cached: positive answers at names that are not
 * CNAMEs, not at or below a zone cut. The response to a plain query for the owner's name is the same whatever the
 * query's ID, RD/CD and letter case (the question is copied from the query; compression pointers point into it and
 * the name's length is the same), and EDNS only appends an OPT (dnsjava writes OPT last).
 */
final class FastZone {
    private static final VarHandle ANSWERS = MethodHandles.arrayElementVarHandle(byte[][][].class);
    private static final VarHandle ANSWER = MethodHandles.arrayElementVarHandle(byte[][].class);
    /** Cached for a (name, type) whose reference response is not a plain cacheable answer: always fall back. */
    private static final byte[] UNCACHEABLE = new byte[0];
    /** The name is a zone cut or owns a DNAME: as a wildcard, its data is not a plain answer. */
    static final int REDIRECTS = 1;
    static final int CNAME = 2;

    private static final VarHandle NEGATIVES = MethodHandles.arrayElementVarHandle(Negative[].class);
    /** Cached for a name whose NODATA answer cannot serve as a template: always fall back. */
    private static final Negative NO_NEGATIVE = new Negative(new byte[0], 0, Integer.MAX_VALUE, new int[0]);

    final Zone zone;
    /**
     * RFC 2308 §2.1, §2.2: per name id, the encoder's NODATA answer at the name: the template of every unsigned
     * negative answer found there (NODATA at the name; NXDOMAIN or wildcard NODATA below it, the question's length
     * and the compression pointers into it moved).
     */
    private final Negative[] negatives;
    /** RFC 1035 §3.3.13: the SOA's MNAME and RNAME, lowercase wire form, and each one's label offsets. */
    private final byte[][] soaNames;
    private final int[][] soaLabels;
    private final byte[] flags;
    private final int[][] types;
    private final byte[][][] answers;
    /**
     * RFC 4035 §3.1.1: the answers to DO=1 queries of a signed zone, RRSIGs included; {@code null} for an unsigned
     * zone, whose DO=1 answers are its plain ones.
     */
    private final byte[][][] signedAnswers;
    /**
     * RFC 4035 §3.1.3.1: per name of a signed zone, the answer to a DO=1 query for a type it lacks: NODATA with the
     * signed SOA and the name's own NSEC (or NSEC3) proof, the same whatever type was asked (DS, whose proof differs
     * at a cut, never reaches the cache); {@code null} for an unsigned zone.
     */
    private final byte[][] signedNodata;
    private final QueryProcessor reference;

    private FastZone(Zone zone) {
        this.zone = zone;
        int n = zone.nameCount();
        this.flags = new byte[n];
        this.types = new int[n][];
        this.answers = new byte[n][][];
        this.signedAnswers = zone.signed() ? new byte[n][][] : null;
        this.signedNodata = zone.signed() ? new byte[n][] : null;
        // Most names own the same few type sets ({A}, {A, AAAA}...): one array per distinct set.
        Map<TypeSet, int[]> interned = new HashMap<>();
        // Ids are the zone's own.
        for (int id = 0; id < n; id++) {
            int[] t = zone.types(id);
            int f = 0;
            for (int type : t) {
                if (type == Type.CNAME) {
                    f |= CNAME;
                } else if (type == Type.DNAME || (type == Type.NS && id != 0)) {
                    f |= REDIRECTS;
                }
            }
            Arrays.sort(t);
            types[id] = interned.computeIfAbsent(new TypeSet(t), k -> k.types);
            flags[id] = (byte) f;
        }
        this.negatives = new Negative[n];
        Name[] names = {zone.negativeSoa().getHost(), zone.negativeSoa().getAdmin()};
        this.soaNames = new byte[names.length][];
        this.soaLabels = new int[names.length][];
        for (int i = 0; i < names.length; i++) {
            soaNames[i] = names[i].toWireCanonical();
            soaLabels[i] = new int[names[i].labels()];
            for (int l = 0, at = 0; l < soaLabels[i].length; l++) {
                soaLabels[i][l] = at;
                at += (soaNames[i][at] & 0xff) + 1;
            }
        }
        ZoneRegistry alone = new ZoneRegistry();
        alone.set(Catalog.of(List.of(zone)));
        this.reference = new QueryProcessor(alone);
    }

    /** Sorted types with value equality, to share one array among the names that own the same types. */
    private record TypeSet(int[] types) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TypeSet other && Arrays.equals(types, other.types);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(types);
        }
    }

    static FastZone of(Zone zone) {
        return new FastZone(zone);
    }

    int flags(int id) {
        return flags[id];
    }

    /** Index of {@code type} among the types the name owns, or -1. */
    int typeIndex(int id, int type) {
        int[] t = types[id];
        for (int i = 0; i < t.length; i++) {
            if (t[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The reference response to a plain query (ID 0, no flags, no EDNS, over TCP so nothing is truncated) for the
     * name with this id and its {@code index}-th type; {@code null} when that response is not cacheable.
     */
    byte[] answer(int id, int index) {
        return answer(id, index, false);
    }

    /**
     * As {@link #answer(int, int)}; with {@code dnssec} (a DO=1 query, RFC 3225) the answer with its RRSIGs (RFC
     * 4035 §3.1.1), made from the response to the same query with an OPT with DO set, that OPT cut off again (the
     * fast path writes the query's own).
     */
    byte[] answer(int id, int index, boolean dnssec) {
        byte[][][] table = dnssec && signedAnswers != null ? signedAnswers : answers;
        boolean signed = table == signedAnswers;
        byte[][] row = (byte[][]) ANSWERS.getAcquire(table, id);
        if (row == null) {
            byte[][] fresh = new byte[types[id].length][];
            Object witness = ANSWERS.compareAndExchangeRelease(table, id, null, fresh);
            row = witness == null ? fresh : (byte[][]) witness;
        }
        byte[] cached = (byte[]) ANSWER.getAcquire(row, index);
        if (cached == null) {
            cached = encode(zone.ownerName(id), types[id][index], signed, false);
            ANSWER.setRelease(row, index, cached);
        }
        return cached == UNCACHEABLE ? null : cached;
    }

    /**
     * The DO=1 NODATA answer at the name with this id of a signed zone ({@code qtype}, a type the name lacks, makes
     * it on first use), or {@code null} when it is not cacheable (an NSEC3 owner answers NXDOMAIN, RFC 5155 §7.2.8).
     */
    byte[] signedNodata(int id, int qtype) {
        if (signedNodata == null) {
            return null;
        }
        byte[] cached = (byte[]) ANSWER.getAcquire(signedNodata, id);
        if (cached == null) {
            cached = encode(zone.ownerName(id), qtype, true, true);
            ANSWER.setRelease(signedNodata, id, cached);
        }
        return cached == UNCACHEABLE ? null : cached;
    }

    /**
     * The negative answer template at the name with this id (made on first use), or {@code null} when the
     * encoder's answer there is not NODATA (a CNAME owner's is its CNAME).
     */
    Negative negative(int id) {
        Negative cached = (Negative) NEGATIVES.getAcquire(negatives, id);
        if (cached == null) {
            byte[] wire = encode(zone.ownerName(id), absentType(id), false, true);
            cached = wire == UNCACHEABLE ? NO_NEGATIVE : Negative.of(wire);
            NEGATIVES.setRelease(negatives, id, cached);
        }
        return cached == NO_NEGATIVE ? null : cached;
    }

    /** A private-use type (RFC 6895 §3.1) the name does not own: what its NODATA template is asked for. */
    private int absentType(int id) {
        int type = 65280;
        while (typeIndex(id, type) >= 0) {
            type++;
        }
        return type;
    }

    /**
     * Whether the zone's MNAME or RNAME ends with the query's name from label {@code label} on: the encoder then
     * compresses it against the question's own labels, which a template of a shorter question does not hold.
     */
    boolean soaNameEndsWith(WireQuery q, int label) {
        byte[] name = q.name.lowercase();
        int from = q.name.labelStart(label);
        int length = q.name.length() - from;
        for (int i = 0; i < soaNames.length; i++) {
            int at = soaNames[i].length - length;
            if (at >= 0 && Arrays.binarySearch(soaLabels[i], at) >= 0
                    && Arrays.equals(soaNames[i], at, soaNames[i].length, name, from, from + length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The encoder's NODATA response at one name (ID 0, no flags, no EDNS): header, question, the SOA (RFC 2308 §3),
     * with where its compression pointers lie. Another question with the same name as its suffix gets the same
     * octets with each pointer moved by the difference in question length, provided no pointer targets the
     * labels that differ ({@link #minTarget}) and the query's own labels match no SOA name
     * ({@link #soaNameEndsWith}): then the encoder, which compresses against every suffix of the question (RFC
     * 1035 §4.1.4), finds the same targets.
     */
    static final class Negative {
        final byte[] wire;
        /** Octets of the question's name. */
        final int nameLength;
        /** Lowest offset into the question's name that a pointer targets. */
        final int minTarget;
        /** Offsets in {@link #wire} of the compression pointers. */
        final int[] pointers;

        private Negative(byte[] wire, int nameLength, int minTarget, int[] pointers) {
            this.wire = wire;
            this.nameLength = nameLength;
            this.minTarget = minTarget;
            this.pointers = pointers;
        }

        /** Where the SOA record starts: after the header and the question. */
        int recordsAt() {
            return WireQuery.HEADER + nameLength + 4;
        }

        /** The template of a NODATA response: one question, no answer, the SOA alone in authority. */
        static Negative of(byte[] wire) {
            int q = WireQuery.HEADER;
            while (wire[q] != 0) {
                q += (wire[q] & 0xff) + 1;
            }
            int nameLength = q + 1 - WireQuery.HEADER;
            if (wire[6] != 0 || wire[7] != 0 || wire[8] != 0 || wire[9] != 1 || wire[10] != 0 || wire[11] != 0) {
                return NO_NEGATIVE;
            }
            // pointers[0]: how many; then their offsets. minTarget[0]: the lowest target in the question.
            int[] pointers = new int[4];
            int[] minTarget = {Integer.MAX_VALUE};
            int p = q + 5;
            for (int n = 0; n < 3; n++) {
                int end = name(wire, p, nameLength, pointers, minTarget);
                if (end < 0 || end > wire.length) {
                    return NO_NEGATIVE;
                }
                // RFC 1035 §3.3.13: owner, then TYPE CLASS TTL RDLENGTH before MNAME; RNAME after MNAME.
                p = n == 0 ? end + 10 : end;
            }
            if (p + 20 != wire.length) {
                return NO_NEGATIVE;
            }
            return new Negative(wire, nameLength, minTarget[0], Arrays.copyOfRange(pointers, 1, 1 + pointers[0]));
        }

        /** The end of the name at {@code p}, its pointer (if any) noted; -1 for a pointer before the question. */
        private static int name(byte[] w, int p, int nameLength, int[] pointers, int[] minTarget) {
            while (p < w.length) {
                int len = w[p] & 0xff;
                if (len == 0) {
                    return p + 1;
                }
                if ((len & 0xc0) == 0xc0) {
                    int target = (len & 0x3f) << 8 | (w[p + 1] & 0xff);
                    if (target < WireQuery.HEADER) {
                        return -1;
                    }
                    if (target < WireQuery.HEADER + nameLength) {
                        minTarget[0] = Math.min(minTarget[0], target - WireQuery.HEADER);
                    }
                    pointers[++pointers[0]] = p;
                    return p + 2;
                }
                p += len + 1;
            }
            return -1;
        }
    }

    /** RFC 6891 §6.1.2: an OPT record without options is 11 octets. */
    private static final int OPT_LENGTH = 11;

    /** The reference response; {@code nodata}: a NODATA answer is wanted (no answer records, authority ones). */
    private byte[] encode(Name owner, int type, boolean dnssec, boolean nodata) {
        Message query = new Message(0);
        query.addRecord(Record.newRecord(owner, type, DClass.IN), Section.QUESTION);
        if (dnssec) {
            query.addRecord(new OPTRecord(Limits.OUR_UDP_PAYLOAD, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        byte[] wire = reference.process(query.toWire(), QueryContext.tcp(null, null));
        // A cacheable answer: QR+AA, NOERROR, not truncated, one question, at least one answer record (NODATA:
        // none, and authority records).
        if (wire == null || wire.length < WireQuery.HEADER || (wire[2] & 0xff) != 0x84 || (wire[3] & 0xff) != 0
                || wire[4] != 0 || wire[5] != 1 || (wire[6] == 0 && wire[7] == 0) != nodata
                || (nodata && wire[8] == 0 && wire[9] == 0)) {
            return UNCACHEABLE;
        }
        if (!dnssec) {
            return wire;
        }
        // dnsjava writes the OPT last (RFC 6891 §6.1.1): root owner, type 41, no options.
        int opt = wire.length - OPT_LENGTH;
        int arcount = (wire[10] & 0xff) << 8 | wire[11] & 0xff;
        if (opt < WireQuery.HEADER || arcount == 0 || wire[opt] != 0 || wire[opt + 1] != 0 || wire[opt + 2] != 41
                || wire[opt + 9] != 0 || wire[opt + 10] != 0) {
            return UNCACHEABLE;
        }
        byte[] out = Arrays.copyOf(wire, opt);
        out[10] = (byte) ((arcount - 1) >>> 8);
        out[11] = (byte) (arcount - 1);
        return out;
    }

    /** Approximate heap held by the index (not the cached answers), for the memory report. */
    long indexBytes() {
        return 9L * types.length;
    }
}
