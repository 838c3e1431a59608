package dev.tomldns.interop;

import dev.tomldns.security.TsigKey;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Throwaway zones and keys shared by the interop tests. */
public final class InteropZones {
    private InteropZones() {}

    /** hmac-sha256, the RFC 8945 §6 mandatory algorithm. */
    public static final TsigKey KEY_256 = TsigKey.of("xfr-key.", "hmac-sha256",
            "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTI1Ni1iaXQ=");
    public static final TsigKey KEY_512 = TsigKey.of("xfr512-key.", "hmac-sha512",
            "dG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTUxMi1iaXQtdG9tbGRucy1pbnRlcm9wLXRlc3Qta2V5LTUxMg==");
    /** Same name as {@link #KEY_256}, different secret: requests signed with it must fail. */
    public static final TsigKey WRONG_256 = TsigKey.of("xfr-key.", "hmac-sha256",
            "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZyE=");

    public static Name name(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An RFC 1035 zone with NS, A, CAA, a long TXT and {@code extra} filler A records. */
    public static String rfc1035(Name origin, long serial, int extra) {
        return rfc1035(origin, serial, extra, 3600, 600, 86400);
    }

    /** The same with the SOA timers given (refresh, retry, expire in seconds). */
    public static String rfc1035(Name origin, long serial, int extra, int refresh, int retry, int expire) {
        StringBuilder z = new StringBuilder();
        z.append("$ORIGIN ").append(origin).append("\n$TTL 300\n")
                .append("@ IN SOA ns1 hostmaster ").append(serial).append(' ').append(refresh).append(' ').append(retry)
                .append(' ').append(expire).append(" 300\n")
                .append("@ IN NS ns1\n")
                .append("ns1 IN A 127.0.0.1\n")
                .append("www IN A 192.0.2.10\n")
                .append("@ IN CAA 0 issue \"letsencrypt.org\"\n")
                .append("@ IN CAA 128 iodef \"mailto:security@example.net\"\n")
                .append("@ IN TXT \"v=spf1 -all\"\n")
                .append("_dmarc IN TXT \"v=DMARC1; p=none\" \"\" \"second string\"\n");
        for (int i = 0; i < extra; i++) {
            z.append("h").append(i).append(" IN A 10.").append((i >> 16) & 255).append('.').append((i >> 8) & 255)
                    .append('.').append(i & 255).append("\n");
        }
        return z.toString();
    }
}
