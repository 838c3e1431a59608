package dev.tomldns.zone.toml;

/**
 * The wire form (RFC 1035 §3.1) of a relative owner name as zone files mostly write it, made straight from the
 * text: labels of ASCII letters, digits, {@code -}, {@code _} and {@code *}, joined by dots, below the origin.
 * A large zone has one such name per record or two; making each a dnsjava {@code Name} and then its wire form was
 * a fifth of the octets allocated while loading. Any other text (escapes, absolute names, empty or long labels)
 * gives {@code null} and is parsed by dnsjava as before, with its messages.
 */
final class PlainName {
    /** RFC 1035 §2.3.4. */
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;

    private PlainName() {
    }

    /** The wire form of {@code text} relative to the origin {@code originWire} (in wire form), or {@code null}. */
    static byte[] toWire(String text, byte[] originWire) {
        int n = text.length();
        int length = n + 1 + originWire.length; // each dot becomes a length octet, plus the first label's
        if (n == 0 || length > MAX_NAME) {
            return null;
        }
        byte[] out = new byte[length];
        int o = 0;
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && text.charAt(i) != '.') {
                if (!plain(text.charAt(i))) {
                    return null;
                }
                continue;
            }
            int len = i - labelStart;
            if (len == 0 || len > MAX_LABEL) {
                return null;
            }
            out[o++] = (byte) len;
            for (int j = labelStart; j < i; j++) {
                out[o++] = (byte) text.charAt(j);
            }
            labelStart = i + 1;
        }
        System.arraycopy(originWire, 0, out, o, originWire.length);
        return out;
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*';
    }
}
