package dev.tomldns.edns;

import dev.tomldns.wire.Transport;
import dev.tomldns.wire.WireName;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/**
 * The EDNS options this server answers in its OPT record (RFC 6891 §6.1.2; other options are ignored and not
 * echoed, §7):
 * <ul>
 *   <li>NSID (RFC 5001 §2.1): its identifier, only to a query with an empty NSID option, and only when one is
 *   configured.</li>
 *   <li>COOKIE (RFC 7873 §5.2): a query with a client cookie gets it back with a fresh server cookie (RFC 9018).
 *   When cookies are required, a UDP query with a client cookie and no valid server cookie gets BADCOOKIE
 *   (§5.2.3, §5.2.4) with a server cookie to retry with; over TCP, and without any cookie, queries are answered as
 *   usual (§5.2.1, and BIND's {@code require-server-cookie}).</li>
 * </ul>
 */
public final class EdnsOptions {
    /** RFC 7873 §8: BADCOOKIE, extended rcode 23. */
    public static final int BADCOOKIE = 23;
    /** RFC 7873 §4: COOKIE is EDNS option code 10. */
    private static final int COOKIE = 10;
    private static final int OPT = 41;

    /** RFC 7873 §4: a COOKIE option answered: code, length, client cookie (8) and our server cookie (16). */
    public static final int COOKIE_ANSWER_LENGTH = 4 + ServerCookie.CLIENT_LENGTH + ServerCookie.LENGTH;

    private final Nsid nsid;
    private final ServerCookie cookies;
    private final boolean requireCookies;
    /** Seconds since the epoch, for the cookies' timestamps (RFC 9018 §4.3). */
    private final LongSupplier clock;

    /**
     * @param nsid           the identifier to send when asked, or null: NSID is not answered
     * @param cookies        how server cookies are made and checked
     * @param requireCookies BADCOOKIE for UDP queries with a client cookie but no valid server cookie
     */
    public EdnsOptions(Nsid nsid, ServerCookie cookies, boolean requireCookies) {
        this(nsid, cookies, requireCookies, () -> System.currentTimeMillis() / 1000);
    }

    /** As {@link #EdnsOptions(Nsid, ServerCookie, boolean)}, with the time the cookies are made at. */
    public EdnsOptions(Nsid nsid, ServerCookie cookies, boolean requireCookies, LongSupplier epochSeconds) {
        this.nsid = nsid;
        this.cookies = cookies;
        this.requireCookies = requireCookies;
        this.clock = epochSeconds;
    }

    /** No NSID, cookies answered under a secret made now, not required: what a server without configuration does. */
    public static EdnsOptions defaults() {
        return new EdnsOptions(null, ServerCookie.withRandomSecret(), false);
    }

    /** Whether a query with this OPT over {@code transport} from {@code client} is to get BADCOOKIE. */
    public boolean badCookie(OPTRecord queryOpt, Transport transport, InetAddress client) {
        if (!requireCookies || transport != Transport.UDP || client == null) {
            return false;
        }
        CookieOption cookie = cookie(queryOpt);
        if (cookie == null) {
            return false;
        }
        byte[] server = cookie.getServerCookie().orElse(null);
        return server == null || !cookies.valid(cookie.getClientCookie(), server, client, now());
    }

    /**
     * The response with the options the query asked for added to its OPT record. A response without an OPT,
     * or a query that asked for none, is returned as it is; without a client (null) no cookie is made.
     */
    public Message answer(Message response, OPTRecord queryOpt, InetAddress client) {
        OPTRecord opt = response.getOPT();
        if (opt == null || queryOpt == null) {
            return response;
        }
        List<EDNSOption> options = new ArrayList<>(2);
        if (nsid != null) {
            for (EDNSOption o : queryOpt.getOptions(Nsid.CODE)) {
                // RFC 5001 §2.1: a query asks with an empty NSID option.
                if (o.toWire().length == 4) {
                    options.add(new NSIDOption(nsid.octets()));
                    break;
                }
            }
        }
        CookieOption cookie = cookie(queryOpt);
        if (cookie != null && client != null) {
            byte[] client8 = cookie.getClientCookie();
            options.add(new CookieOption(client8, cookies.make(client8, client, now())));
        }
        if (options.isEmpty()) {
            return response;
        }
        response.removeRecord(opt, Section.ADDITIONAL);
        response.addRecord(new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(),
                opt.getFlags(), options), Section.ADDITIONAL);
        return response;
    }

    /**
     * Whether the query's octets carry a client cookie and a valid server cookie for {@code client}: such a
     * client has shown it receives at its address, so response rate limiting lets it through (RFC 7873 §5.3, as
     * BIND does). Reads the octets without parsing them into a message.
     */
    public boolean validCookieIn(ByteBuf query, InetAddress client) {
        int base = query.readerIndex();
        int end = query.writerIndex();
        if (end - base < 12) {
            return false;
        }
        int records = query.getUnsignedShort(base + 6) + query.getUnsignedShort(base + 8)
                + query.getUnsignedShort(base + 10);
        int p = base + 12;
        for (int i = query.getUnsignedShort(base + 4); i > 0 && p >= 0; i--) {
            int after = WireName.skip(query, p, end);
            p = after < 0 ? -1 : after + 4;
        }
        for (int i = 0; i < records && p >= 0 && p < end; i++) {
            int rdata = WireName.skip(query, p, end);
            if (rdata < 0 || rdata + 10 > end) {
                return false;
            }
            int rdlength = query.getUnsignedShort(rdata + 8);
            int next = rdata + 10 + rdlength;
            if (next > end) {
                return false;
            }
            if (query.getUnsignedShort(rdata) == OPT) {
                return validCookieOption(query, rdata + 10, next, client);
            }
            p = next;
        }
        return false;
    }

    private boolean validCookieOption(ByteBuf query, int p, int end, InetAddress client) {
        while (p + 4 <= end) {
            int code = query.getUnsignedShort(p);
            int length = query.getUnsignedShort(p + 2);
            if (p + 4 + length > end) {
                return false;
            }
            if (code == COOKIE) {
                if (length != ServerCookie.CLIENT_LENGTH + ServerCookie.LENGTH) {
                    return false;
                }
                byte[] client8 = new byte[ServerCookie.CLIENT_LENGTH];
                byte[] server = new byte[ServerCookie.LENGTH];
                query.getBytes(p + 4, client8);
                query.getBytes(p + 4 + ServerCookie.CLIENT_LENGTH, server);
                return cookies.valid(client8, server, client, now());
            }
            p += 4 + length;
        }
        return false;
    }


    private static CookieOption cookie(OPTRecord opt) {
        for (EDNSOption o : opt.getOptions(COOKIE)) {
            if (o instanceof CookieOption c) {
                return c;
            }
        }
        return null;
    }

    private long now() {
        return clock.getAsLong();
    }

    /*
     * The same options written straight into a response buffer, for the answer cache: from the query's octets,
     * without dnsjava objects, byte for byte what answer() makes dnsjava write (NSID first, then COOKIE).
     */

    /**
     * Whether a query whose COOKIE option's data is {@code b[at, at + length)} over {@code transport} from
     * {@code client} is answered as usual, not with BADCOOKIE (see {@link #badCookie}); {@code length} is 8, or 16
     * to 40 (RFC 7873 §5.2.2: other lengths are FORMERR, the caller's to refuse).
     */
    public boolean cookieAccepted(byte[] b, int at, int length, Transport transport, InetAddress client) {
        if (!requireCookies || transport != Transport.UDP || client == null) {
            return true;
        }
        return length > ServerCookie.CLIENT_LENGTH
                && cookies.valid(b, at, length - ServerCookie.CLIENT_LENGTH, client, now());
    }

    /**
     * Octets of the options answered to a query that asked for NSID ({@code nsidAsked}: an empty NSID option) and
     * sent a client cookie ({@code cookie}) from {@code client} (none without a client, as in {@link #answer}).
     */
    public int answerLength(boolean nsidAsked, boolean cookie, InetAddress client) {
        int length = nsidAsked && nsid != null ? 4 + nsid.length() : 0;
        return cookie && client != null ? length + COOKIE_ANSWER_LENGTH : length;
    }

    /**
     * Writes the options {@link #answerLength} counted at {@code out[at...]}: NSID (RFC 5001 §2.3) when asked, then
     * the client cookie at {@code b[cookieAt, cookieAt + 8)} with a fresh server cookie (RFC 7873 §5.2.2) when
     * {@code cookieAt >= 0}. Returns the offset after them.
     */
    public int writeAnswer(byte[] out, int at, boolean nsidAsked, byte[] b, int cookieAt, InetAddress client) {
        int p = at;
        if (nsidAsked && nsid != null) {
            p = u16(out, p, Nsid.CODE);
            p = u16(out, p, nsid.length());
            nsid.copyTo(out, p);
            p += nsid.length();
        }
        if (cookieAt >= 0 && client != null) {
            p = u16(out, p, COOKIE);
            p = u16(out, p, ServerCookie.CLIENT_LENGTH + ServerCookie.LENGTH);
            System.arraycopy(b, cookieAt, out, p, ServerCookie.CLIENT_LENGTH);
            cookies.make(b, cookieAt, client, now(), out, p + ServerCookie.CLIENT_LENGTH);
            p += ServerCookie.CLIENT_LENGTH + ServerCookie.LENGTH;
        }
        return p;
    }

    private static int u16(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 8);
        out[at + 1] = (byte) value;
        return at + 2;
    }
}
