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
                    byte[] a = plain(d) ? Address.toByteArray(d, Address.IPv6) : null;
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

    private static Name name(String text, Name origin) throws TextParseException {
        return Name.fromString(text, origin);
    }
}
