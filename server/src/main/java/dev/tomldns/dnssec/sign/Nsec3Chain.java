package dev.tomldns.dnssec.sign;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * The NSEC3 chain of a zone (RFC 5155 §7.1) with RFC 9276's parameters: SHA-1, no extra iterations, no salt, no
 * opt-out. Every authoritative name, every delegation point and every empty non-terminal on the way to them gets
 * an NSEC3 at the hash of its name; the records are ordered by hash, each naming the next hash, the last the first.
 * Hashing is dnsjava's ({@link NSEC3PARAMRecord#hashName}).
 */
final class Nsec3Chain {
    /** RFC 5155 §3.1.1: SHA-1, the only hash algorithm defined. */
    static final int SHA1 = NSEC3Record.SHA1_DIGEST_ID;
    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

    private Nsec3Chain() {
    }

    /** RFC 9276 §3.1: 0 extra iterations, empty salt; flags 0 (RFC 5155 §4.1.2: the opt-out flag is NSEC3's). */
    static NSEC3PARAMRecord parameters(Name origin) {
        // RFC 5155 §4: the NSEC3PARAM's TTL is not used by resolvers; 0 as BIND writes it.
        return new NSEC3PARAMRecord(origin, DClass.IN, 0, SHA1, 0, 0, new byte[0]);
    }

    /**
     * @param names the zone's names with their types, glue left out
     * @param cuts the delegation points among them
     * @param ttl RFC 9077 (and RFC 5155 §3): min(SOA TTL, SOA MINIMUM)
     */
    static List<NSEC3Record> of(Name origin, NavigableMap<Name, Set<Integer>> names, Set<Name> cuts, long ttl)
            throws SigningException {
        NSEC3PARAMRecord param = parameters(origin);
        // RFC 5155 §7.1: empty non-terminals between the apex and each name get an NSEC3 (with no types).
        Map<Name, Set<Integer>> all = new TreeMap<>(names);
        for (Name n : names.keySet()) {
            for (Name p = parent(n); p != null && p.subdomain(origin) && !p.equals(origin); p = parent(p)) {
                all.putIfAbsent(p, Set.of());
            }
        }
        TreeMap<byte[], int[]> byHash = new TreeMap<>(Arrays::compareUnsigned);
        for (var e : all.entrySet()) {
            byte[] hash;
            try {
                hash = param.hashName(e.getKey());
            } catch (NoSuchAlgorithmException ex) {
                throw new SigningException("zone " + origin + ": this Java runtime has no SHA-1 for NSEC3");
            }
            if (byHash.put(hash, bitmap(e.getValue(), cuts.contains(e.getKey()))) != null) {
                throw new SigningException("zone " + origin + ": two names hash alike in NSEC3 (RFC 5155 §7.1); "
                        + "sign it with NSEC");
            }
        }
        List<NSEC3Record> out = new ArrayList<>(byHash.size());
        List<byte[]> hashes = new ArrayList<>(byHash.keySet());
        for (int i = 0; i < hashes.size(); i++) {
            byte[] hash = hashes.get(i);
            byte[] next = hashes.get((i + 1) % hashes.size());
            Name owner;
            try {
                owner = Name.fromString(BASE32HEX.toString(hash), origin);
            } catch (TextParseException ex) {
                throw new SigningException("zone " + origin + ": the name is too long for NSEC3 owner names");
            }
            out.add(new NSEC3Record(owner, DClass.IN, ttl, SHA1, 0, 0, new byte[0], next, byHash.get(hash)));
        }
        return out;
    }

    private static int[] bitmap(Set<Integer> types, boolean cut) {
        Set<Integer> bits = new TreeSet<>();
        if (cut) {
            // RFC 5155 §7.1 with RFC 4035 §2.3: at a delegation point NS and DS only, RRSIG when the DS is signed.
            bits.add(Type.NS);
            if (types.contains(Type.DS)) {
                bits.add(Type.DS);
                bits.add(Type.RRSIG);
            }
        } else if (!types.isEmpty()) {
            bits.addAll(types);
            bits.add(Type.RRSIG); // every RRset here is signed
        }
        return bits.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Name parent(Name n) {
        return n.labels() <= 1 ? null : new Name(n, 1);
    }
}
