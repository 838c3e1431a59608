package dev.tomldns.zone.toml;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The RDATA of the commonest types (A, AAAA, NS, CNAME, PTR, MX) built with dnsjava's own {@link Address} and
 * {@link Name} parsers, without {@link Record#fromString}'s tokenizer, which allocates buffers per call and made
 * up most of the load time of large zones. Only plain data takes this way; anything with quotes, escapes,
 * comments or an error goes to dnsjava's full parser, so results and error messages stay dnsjava's.
 */
final class CommonRdata {

    private CommonRdata() {
    }

    /** The record, or {@code null} when the data is not plain: the caller then uses dnsjava's full parser. */
    static Record parse(Name owner, int type, long ttl, String data, Name origin) {
        String d = data.strip();
        try {
            switch (type) {
                case Type.A: {
                    byte[] a = plain(d) ? Address.toByteArray(d, Address.IPv4) : null;
                    return a == null ? null : new ARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(a));
                }
                case Type.AAAA: {
                    byte[] a = plain(d) ? ipv6(d) : null;
                    return a == null ? null : new AAAARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(a));
                }
                case Type.NS:
                    return plain(d) ? new NSRecord(owner, DClass.IN, ttl, name(d, origin)) : null;
                case Type.CNAME:
                    return plain(d) ? new CNAMERecord(owner, DClass.IN, ttl, name(d, origin)) : null;
                case Type.PTR:
                    return plain(d) ? new PTRRecord(owner, DClass.IN, ttl, name(d, origin)) : null;
                case Type.MX: {
                    int blank = d.indexOf(' ');
                    if (blank <= 0) {
                        return null;
                    }
                    String pref = d.substring(0, blank);
                    String host = d.substring(blank + 1).strip();
                    if (!pref.chars().allMatch(Character::isDigit) || pref.length() > 5 || !plain(host)
                            || Integer.parseInt(pref) > 0xffff) {
                        return null;
                    }
                    return new MXRecord(owner, DClass.IN, ttl, Integer.parseInt(pref), name(host, origin));
                }
                default:
                    return null;
            }
        } catch (TextParseException | UnknownHostException | IllegalArgumentException e) {
            return null; // let dnsjava's parser say what is wrong
        }
    }

    /**
     * The RDATA of an A or AAAA record in wire form (RFC 1035 §3.4.1, RFC 3596 §2.2: the address octets), or
     * {@code null} for another type or for data that is not a plain address: then {@link #parse} and dnsjava's
     * parser take it, and report what is wrong. A large zone is mostly addresses; they need no record object.
     */
    static byte[] address(int type, String data) {
        if (type != Type.A && type != Type.AAAA) {
            return null;
        }
        String d = data.strip();
        if (!plain(d)) {
            return null;
        }
        return type == Type.A ? Address.toByteArray(d, Address.IPv4) : ipv6(d);
    }

    /**
     * A single presentation token that needs no tokenizer: letters, digits and {@code . _ : * / -} only, so no
     * blanks, quotes, escapes, comments or parentheses. A loop rather than a regular expression: it runs for every
     * record of a zone.
     */
    static boolean plain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == ':' || c == '*' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The 16 octets of an IPv6 address in the usual text form (RFC 4291 §2.2 forms 1 and 2: groups of one to four
     * hex digits, at most one "::"), else what dnsjava's {@link Address#toByteArray} makes of it. By hand because
     * dnsjava splits the text into strings first, which was most of the cost of an AAAA record in a large zone;
     * every form taken here is one dnsjava reads the same way, and the rest (an IPv4 tail, odd forms) is still its.
     */
    static byte[] ipv6(String s) {
        byte[] quick = ipv6Groups(s);
        return quick != null ? quick : Address.toByteArray(s, Address.IPv6);
    }

    /** The octets of {@code s} in the plain forms of {@link #ipv6}, or {@code null}. */
    static byte[] ipv6Groups(String s) {
        int n = s.length();
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // how many groups stand before the "::"
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int v = 0;
            int digits = 0;
            while (i < n && digits <= 4) {
                int h = Character.digit(s.charAt(i), 16);
                if (h < 0 || s.charAt(i) > 'f') {
                    break; // ASCII hex only
                }
                v = v << 4 | h;
                digits++;
                i++;
            }
            if (digits == 0 || digits > 4 || count == 8) {
                return null;
            }
            groups[count++] = v;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':' || ++i == n) {
                return null;
            }
            if (s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int tail = gap < 0 ? 0 : count - gap;
        int head = count - tail;
        for (int k = 0; k < count; k++) {
            int slot = k < head ? k : 8 - tail + (k - head);
            out[2 * slot] = (byte) (groups[k] >>> 8);
            out[2 * slot + 1] = (byte) groups[k];
        }
        return out;
    }

    private static Name name(String text, Name origin) throws TextParseException {
        return Name.fromString(text, origin);
    }
}
