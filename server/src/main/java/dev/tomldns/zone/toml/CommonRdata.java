package dev.tomldns.zone.toml;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
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
    /** A single presentation token that needs no tokenizer: no blanks, quotes, escapes, comments or parentheses. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:*/-]+");

    private CommonRdata() {
    }

    /** The record, or {@code null} when the data is not plain: the caller then uses dnsjava's full parser. */
    static Record parse(Name owner, int type, long ttl, String data, Name origin) {
        String d = data.strip();
        try {
            switch (type) {
                case Type.A: {
                    byte[] a = PLAIN.matcher(d).matches() ? Address.toByteArray(d, Address.IPv4) : null;
                    return a == null ? null : new ARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(a));
                }
                case Type.AAAA: {
                    byte[] a = PLAIN.matcher(d).matches() ? Address.toByteArray(d, Address.IPv6) : null;
                    return a == null ? null : new AAAARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(a));
                }
                case Type.NS:
                    return PLAIN.matcher(d).matches() ? new NSRecord(owner, DClass.IN, ttl, name(d, origin)) : null;
                case Type.CNAME:
                    return PLAIN.matcher(d).matches() ? new CNAMERecord(owner, DClass.IN, ttl, name(d, origin)) : null;
                case Type.PTR:
                    return PLAIN.matcher(d).matches() ? new PTRRecord(owner, DClass.IN, ttl, name(d, origin)) : null;
                case Type.MX: {
                    int blank = d.indexOf(' ');
                    if (blank <= 0) {
                        return null;
                    }
                    String pref = d.substring(0, blank);
                    String host = d.substring(blank + 1).strip();
                    if (!pref.chars().allMatch(Character::isDigit) || pref.length() > 5 || !PLAIN.matcher(host).matches()
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

    private static Name name(String text, Name origin) throws TextParseException {
        return Name.fromString(text, origin);
    }
}
