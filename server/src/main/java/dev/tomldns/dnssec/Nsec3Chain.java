package dev.tomldns.dnssec;

import dev.tomldns.zone.Zone;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * A zone's NSEC3 chain for one parameter set (RFC 5155 §7.1): its NSEC3 RRsets, each with the RRSIGs that cover it,
 * in the order of their hashed owner names, so the NSEC3 that matches or covers a name is found by one binary
 * search. Built once per zone version; hashing is dnsjava's ({@link NSEC3PARAMRecord#hashName}).
 *
 * <p>The RRsets handed out are shared by every query of this zone version and must not be modified.
 */
public final class Nsec3Chain {
    /** RFC 5155 §3.3: the hashed owner name's first label is the hash in Base32hex (RFC 4648 §7), no padding. */
    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

    private final Name origin;
    private final NSEC3PARAMRecord parameters;
    /** The hashed owner names' hashes, ascending as unsigned octet strings (RFC 5155 §3.1.7: the chain's order). */
    private final byte[][] hashes;
    /** {@code rrsets[i]} is the NSEC3 RRset whose owner's hash is {@code hashes[i]}, with its RRSIGs. */
    private final RRset[] rrsets;
    /** {@code bare[i]}: the owner of {@code rrsets[i]} has no types but NSEC3 and RRSIG (RFC 5155 §7.2.8). */
    private final boolean[] bare;

    private Nsec3Chain(Name origin, NSEC3PARAMRecord parameters, byte[][] hashes, RRset[] rrsets, boolean[] bare) {
        this.origin = origin;
        this.parameters = parameters;
        this.hashes = hashes;
        this.rrsets = rrsets;
        this.bare = bare;
    }

    /**
     * The zone's NSEC3 records of the parameter set {@code parameters} names (hash algorithm, iterations, salt),
     * each with its RRSIGs (type covered NSEC3). RFC 5155 §7.3: a zone may hold several chains and the server uses
     * the one its NSEC3PARAM names, so NSEC3 records of other parameters are left out. RFC 5155 §3: an NSEC3 owner
     * is one label, the hash in Base32hex, below the apex; NSEC3 records elsewhere, or whose label is no hash, are
     * left out too.
     */
    public static Nsec3Chain of(Zone zone, NSEC3PARAMRecord parameters) {
        Name origin = zone.origin();
        List<byte[]> hashList = new ArrayList<>();
        List<RRset> setList = new ArrayList<>();
        List<Boolean> bareList = new ArrayList<>();
        for (int id = 0; id < zone.nameCount(); id++) {
            int[] types = zone.types(id);
            if (!ownsNsec3(types)) {
                continue;
            }
            Name owner = zone.ownerName(id);
            byte[] hash = owner.labels() == origin.labels() + 1 ? decodeHash(owner.getLabelString(0)) : null;
            if (hash == null) {
                continue;
            }
            RRset set = new RRset();
            List<RRSIGRecord> sigs = new ArrayList<>(1);
            for (Record r : zone.recordsAt(id)) {
                if (r instanceof NSEC3Record n && sameParameters(n, parameters)) {
                    set.addRR(n);
                } else if (r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.NSEC3) {
                    sigs.add(sig);
                }
            }
            if (set.size() == 0) {
                continue;
            }
            sigs.forEach(set::addRR);
            hashList.add(hash);
            setList.add(set);
            bareList.add(onlyChainTypes(types));
        }
        Integer[] order = new Integer[hashList.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(hashList::get, Arrays::compareUnsigned));
        byte[][] hashes = new byte[order.length][];
        RRset[] rrsets = new RRset[order.length];
        boolean[] bare = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            hashes[i] = hashList.get(order[i]);
            rrsets[i] = setList.get(order[i]);
            bare[i] = bareList.get(order[i]);
        }
        return new Nsec3Chain(origin, parameters, hashes, rrsets, bare);
    }

    private static boolean ownsNsec3(int[] types) {
        for (int t : types) {
            if (t == Type.NSEC3) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyChainTypes(int[] types) {
        for (int t : types) {
            if (t != Type.NSEC3 && t != Type.RRSIG) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5155 §4: hash algorithm, iterations and salt name a chain; the flags (Opt-Out) are per record. */
    private static boolean sameParameters(NSEC3Record n, NSEC3PARAMRecord p) {
        return n.getHashAlgorithm() == p.getHashAlgorithm() && n.getIterations() == p.getIterations()
                && Arrays.equals(n.getSalt() == null ? new byte[0] : n.getSalt(),
                        p.getSalt() == null ? new byte[0] : p.getSalt());
    }

    /** The hash a hashed owner label spells (either letter case), or {@code null} when it spells none. */
    private static byte[] decodeHash(String label) {
        if (label.isEmpty() || label.length() % 8 != 0) {
            return null; // RFC 5155 §3.3: a whole number of 5-octet groups (SHA-1's 20 octets are 32 characters)
        }
        String upper = label.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            if (base32.Alphabet.BASE32HEX.indexOf(upper.charAt(i)) < 0 || upper.charAt(i) == '=') {
                return null;
            }
        }
        return BASE32HEX.fromString(upper);
    }

    public Name origin() {
        return origin;
    }

    /** The NSEC3PARAM whose parameters this chain uses. */
    public NSEC3PARAMRecord parameters() {
        return parameters;
    }

    /** Number of hashed owner names in the chain. */
    public int size() {
        return hashes.length;
    }

    /**
     * RFC 5155 §7.2.8: whether {@code name} is the owner of an NSEC3 of this chain and owns nothing but NSEC3 and
     * RRSIG records, so that it is answered as a name that does not exist. Checks the name's form first: only names
     * one label below the apex whose label spells a hash are looked up.
     */
    public boolean bareOwner(Name name) {
        if (name.labels() != origin.labels() + 1 || !name.subdomain(origin)) {
            return false;
        }
        byte[] hash = decodeHash(name.getLabelString(0));
        if (hash == null) {
            return false;
        }
        int at = Arrays.binarySearch(hashes, hash, Arrays::compareUnsigned);
        return at >= 0 && bare[at];
    }

    /** RFC 5155 §5: the hash of {@code name} (canonical form, salt, iterations) with this chain's parameters. */
    public byte[] hash(Name name) {
        try {
            return parameters.hashName(name);
        } catch (NoSuchAlgorithmException e) {
            // Nsec3Proofs.of accepts SHA-1 only (RFC 5155 §11), which every JVM has.
            throw new IllegalStateException("NSEC3 hash algorithm " + parameters.getHashAlgorithm(), e);
        }
    }

    /** RFC 5155 §1.3 "matches": the NSEC3 RRset whose owner is the hash of {@code name}, or {@code null}. */
    public RRset matching(Name name) {
        int at = Arrays.binarySearch(hashes, hash(name), Arrays::compareUnsigned);
        return at >= 0 ? rrsets[at] : null;
    }

    /**
     * RFC 5155 §1.3 "covers": the NSEC3 RRset whose owner hash comes before the hash of {@code name} and whose next
     * hashed owner comes after it; the last in the chain covers what sorts after it and before the first (§3.1.7:
     * the chain wraps). {@code null} when the name's hash matches an owner (then no NSEC3 covers it) or the chain is
     * empty.
     */
    public RRset covering(Name name) {
        if (hashes.length == 0) {
            return null;
        }
        int at = Arrays.binarySearch(hashes, hash(name), Arrays::compareUnsigned);
        if (at >= 0) {
            return null;
        }
        int before = -at - 2;
        return rrsets[before >= 0 ? before : hashes.length - 1];
    }
}
