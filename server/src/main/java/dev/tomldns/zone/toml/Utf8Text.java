package dev.tomldns.zone.toml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * TOML 1.0 documents are UTF-8 (toml.io, "Spec": "A TOML file must be a valid UTF-8 encoded Unicode document"):
 * finds the first octets that are not, with their line and column, so every command gives the same verdict on
 * such a file. Decoding is the JDK's strict decoder (no replacement characters), the same table of well-formed
 * sequences the one-pass scanner follows.
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /** Where a document stops being UTF-8: 1-based line and column (in characters), and the offending octets. */
    public record Malformed(int line, int column, String octets) {
        /** The message every reader gives for it. */
        public String message() {
            return "not UTF-8 text: the octets " + octets + " are no UTF-8 character (TOML files are UTF-8;"
                    + " write other octets in a record's data as \\DDD escapes)";
        }
    }

    /** The first malformed sequence of {@code bytes}, or {@code null} when they are all well-formed UTF-8. */
    public static Malformed check(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return at(bytes, in.position(), r.length());
            }
            if (r.isUnderflow()) {
                return decoder.flush(out).isError() ? at(bytes, in.position(), 1) : null;
            }
            out.clear();
        }
    }

    private static Malformed at(byte[] b, int offset, int length) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < offset; k++) {
            if (b[k] == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        String before = new String(b, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        StringBuilder octets = new StringBuilder();
        for (int k = offset; k < Math.min(b.length, offset + Math.max(1, length)); k++) {
            octets.append(octets.length() == 0 ? "" : " ").append(String.format("0x%02X", b[k] & 0xff));
        }
        return new Malformed(line, before.codePointCount(0, before.length()) + 1, octets.toString());
    }
}
