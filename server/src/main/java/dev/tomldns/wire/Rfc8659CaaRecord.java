package dev.tomldns.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * A CAA record as RFC 8659 §4.1 defines it: flags, a tag of ASCII letters and digits <em>in either case</em>
 * ("Matching of tags is case insensitive"), and the value octets. dnsjava 3.7's own {@code CAARecord} refuses a tag
 * with an upper-case letter, from a zone file and from the wire alike, so a valid {@code 0 ISSUE "letsencrypt.org"}
 * could be neither loaded, nor answered, nor transferred, nor read back from a live server. {@link #install}
 * registers this class with dnsjava for type CAA, so every CAA record tomldns reads or makes from stored octets is
 * one of these; it is a {@code CAARecord}, so code written against dnsjava's type keeps working.
 *
 * <p>The tag and value octets are kept exactly as given and written back unchanged (RFC 8659 §4.1: the tag is
 * compared case-insensitively, not rewritten). From the wire any tag is accepted, so that what a zone or a server
 * holds can be read and judged ({@code tomldns check} reports a tag with other characters than letters and digits);
 * from text, the tag is one token, written unquoted by the RFC's presentation format.
 */
public final class Rfc8659CaaRecord extends CAARecord {
    private static final long serialVersionUID = 1L;
    private static volatile boolean installed;

    private int flags;
    private byte[] tag = new byte[0];
    private byte[] value = new byte[0];

    /** The empty record dnsjava's factory fills in (name, class and TTL are set by dnsjava, RDATA by a parser). */
    public Rfc8659CaaRecord() {
        // CAARecord's only accessible constructor checks its arguments: a valid placeholder, replaced at once.
        super(Name.root, DClass.IN, 0, 0, "issue", "");
    }

    /** A record from its parts: {@code tag} and {@code value} are octets, kept as they are. */
    public Rfc8659CaaRecord(Name name, long ttl, int flags, byte[] tag, byte[] value) {
        super(name, DClass.IN, ttl, 0, "issue", "");
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("CAA flags must be 0 to 255, not " + flags);
        }
        if (tag.length > 255) {
            throw new IllegalArgumentException("a CAA tag has at most 255 octets");
        }
        this.flags = flags;
        this.tag = tag.clone();
        this.value = value.clone();
    }

    /**
     * Makes dnsjava create this class for every CAA record it reads, from text or from the wire. Idempotent; called
     * from the classes that turn text or octets into records before they do, and from {@code Main} at start-up.
     */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (Rfc8659CaaRecord.class) {
            if (!installed) {
                Type.register(Type.CAA, "CAA", Rfc8659CaaRecord::new);
                installed = true;
            }
        }
    }

    /** The tag octets of any CAA record, as on the wire. */
    public static byte[] tagOctets(CAARecord r) {
        return r instanceof Rfc8659CaaRecord own ? own.tag.clone() : r.getTag().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    protected void rrFromWire(DNSInput in) throws IOException {
        // RFC 8659 §4.1: flags (1 octet), tag length (1 octet), tag, value (the rest of the RDATA).
        flags = in.readU8();
        tag = in.readCountedString();
        value = in.readByteArray();
    }

    @Override
    protected void rdataFromString(Tokenizer st, Name origin) throws IOException {
        flags = st.getUInt8();
        String t = st.getString();
        try {
            tag = byteArrayFromString(t);
            value = byteArrayFromString(st.getString(), -1);
        } catch (org.xbill.DNS.TextParseException e) {
            throw st.exception(e.getMessage());
        }
        if (tag.length == 0) {
            throw st.exception("the CAA tag is empty");
        }
    }

    @Override
    protected String rrToString() {
        return flags + " " + presentTag(tag) + " " + byteArrayToString(value, true);
    }

    @Override
    protected void rrToWire(DNSOutput out, Compression c, boolean canonical) {
        out.writeU8(flags);
        out.writeCountedString(tag);
        out.writeByteArray(value);
    }

    @Override
    public int getFlags() {
        return flags;
    }

    /** The tag as written in a zone file: as is when it is letters and digits, else with {@code \DDD} escapes. */
    @Override
    public String getTag() {
        return presentTag(tag);
    }

    @Override
    public String getValue() {
        return byteArrayToString(value, false);
    }

    @Override
    public String getValue(boolean escape) {
        return escape ? byteArrayToString(value, false) : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getValueAsByteArray() {
        return value;
    }

    private static String presentTag(byte[] tag) {
        StringBuilder out = new StringBuilder(tag.length);
        for (byte b : tag) {
            int c = b & 0xff;
            boolean plain = c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '(' && c != ')';
            if (plain) {
                out.append((char) c);
            } else {
                out.append('\\').append(String.format("%03d", c));
            }
        }
        return out.toString();
    }
}
