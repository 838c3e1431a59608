package dev.tomldns.edns;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The name server identifier (RFC 5001): octets that tell an operator which server of several answered. Sent only
 * to a query that asks for it with an empty NSID option (RFC 5001 §2.1), never unasked.
 */
public final class Nsid {
    /** RFC 5001 §2.3: NSID is EDNS option code 3. */
    public static final int CODE = 3;
    /** Longest identifier accepted from the configuration (RFC 5001 leaves it to the option's 16-bit length). */
    public static final int MAX_LENGTH = 128;

    private final byte[] id;

    private Nsid(byte[] id) {
        this.id = id;
    }

    /**
     * The identifier as configured: {@code 0x} and hex digits for arbitrary octets (Knot's spelling), otherwise
     * the string's UTF-8 octets.
     *
     * @throws IllegalArgumentException empty, longer than {@link #MAX_LENGTH} octets, or bad hex
     */
    public static Nsid parse(String text) {
        byte[] octets;
        if (text.startsWith("0x") || text.startsWith("0X")) {
            try {
                octets = HexFormat.of().parseHex(text.substring(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("after 0x, an even number of hex digits");
            }
        } else {
            octets = text.getBytes(StandardCharsets.UTF_8);
        }
        if (octets.length == 0 || octets.length > MAX_LENGTH) {
            throw new IllegalArgumentException("must be 1 to " + MAX_LENGTH + " octets");
        }
        return new Nsid(octets);
    }

    /** Number of octets of the identifier. */
    public int length() {
        return id.length;
    }

    /** Writes the identifier's octets into {@code out} at {@code at}. */
    void copyTo(byte[] out, int at) {
        System.arraycopy(id, 0, out, at, id.length);
    }

    /** The identifier's octets (a copy). */
    public byte[] octets() {
        return id.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nsid other && Arrays.equals(id, other.id);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(id);
    }
}
