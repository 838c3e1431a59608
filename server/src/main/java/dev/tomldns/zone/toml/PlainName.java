package dev.tomldns.zone.toml;

/**
 * The wire form (RFC 1035 §3.1) of a relative owner name as zone files mostly write it, made straight from the
 * text: labels of ASCII letters, digits, {@code -}, {@code _} and {@code *}, joined by dots, below the origin.
 * A large zone has one such name per record or two; making each a dnsjava {@code Name} and then its wire form was
 * a fifth of the octets allocated while loading. Any other text (escapes, absolute names, empty or long labels)
 * gives {@code null} and is parsed by dnsjava as before, with its messages. The same goes for the IPv4 addresses
 * of such records ({@link #ipv4}), read straight from the file's octets.
 */
final class PlainName {
    /** RFC 1035 §2.3.4. */
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;

    private PlainName() {
    }

    /** The wire form of {@code text} relative to the origin {@code originWire} (in wire form), or {@code null}. */
    static byte[] toWire(String text, byte[] originWire) {
        // Characters beyond ASCII become octets (or '?') that are not plain, so they still give null.
        byte[] octets = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return toWire(octets, 0, octets.length, originWire);
    }

    /** As {@link #toWire(String, byte[])} for the ASCII octets {@code text[from, to)}. */
    static byte[] toWire(byte[] text, int from, int to, byte[] originWire) {
        int n = to - from;
        int length = n + 1 + originWire.length;
        if (n == 0 || length > MAX_NAME) {
            return null;
        }
        byte[] out = new byte[length];
        int o = 0;
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            if (i < to && text[i] != '.') {
                if (!plain((char) (text[i] & 0xff))) {
                    return null;
                }
                continue;
            }
            int len = i - labelStart;
            if (len == 0 || len > MAX_LABEL) {
                return null;
            }
            out[o++] = (byte) len;
            System.arraycopy(text, labelStart, out, o, len);
            o += len;
            labelStart = i + 1;
        }
        System.arraycopy(originWire, 0, out, o, originWire.length);
        return out;
    }

    /**
     * RFC 1035 §3.4.1: an IPv4 address written as four decimal octets, each 0 to 255 without a leading zero, in
     * {@code text[from, to)}; {@code null} for anything else (which dnsjava then reads or reports as before).
     */
    static byte[] ipv4(byte[] text, int from, int to) {
        byte[] out = new byte[4];
        int o = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || text[i] == '.') {
                if (digits == 0 || o == 4) {
                    return null;
                }
                out[o++] = (byte) value;
                value = 0;
                digits = 0;
                continue;
            }
            int d = text[i] - '0';
            if (d < 0 || d > 9 || digits > 0 && value == 0) {
                return null;
            }
            value = value * 10 + d;
            digits++;
            if (value > 255) {
                return null;
            }
        }
        return o == 4 ? out : null;
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*';
    }
}
