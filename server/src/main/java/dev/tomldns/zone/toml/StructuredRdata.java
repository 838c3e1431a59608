package dev.tomldns.zone.toml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tomldns.zone.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.xbill.DNS.Name;

/**
 * The structured CAA and TXT forms of zone-format.md, encoded straight to RDATA octets: no presentation-format
 * quoting or escaping sits between what the user wrote and what goes on the wire. They give the RDATA, not a record:
 * the zone builder stores RDATA octets, and a large zone's TXT and CAA records need no record object made only to be
 * written out again (the octets are those dnsjava's {@code CAARecord} and {@code TXTRecord} write for the same data).
 */
final class StructuredRdata {
    private StructuredRdata() {
    }

    /** Reports an error at a line; mirrors the reader's error sink. */
    interface Errors {
        void error(int line, String message);
    }

    /** RFC 8659 §4.1: flags (1 octet), tag length (1 octet), tag, value (the rest, verbatim). */
    static byte[] caa(Supplier<Name> owner, JsonNode r, SourcePositions.RecordPos rp, Errors errors) {
        JsonNode flagsNode = r.get("flags");
        JsonNode tagNode = r.get("tag");
        JsonNode valueNode = r.get("value");
        int flags = 0;
        if (flagsNode != null) {
            if (!flagsNode.isIntegralNumber() || flagsNode.asInt() < 0 || flagsNode.asInt() > 255) {
                errors.error(rp.lineOf("flags"), "CAA flags must be a whole number from 0 to 255, not " + Diagnostic.quote(flagsNode.toString()));
                return null;
            }
            flags = flagsNode.asInt();
        }
        if (tagNode == null || !tagNode.isTextual() || tagNode.asText().isEmpty()) {
            errors.error(rp.lineOf("tag"), "CAA record " + owner.get() + " needs a non-empty 'tag' string (issue, "
                    + "issuewild, iodef, ...)");
            return null;
        }
        if (valueNode == null || !valueNode.isTextual()) {
            errors.error(rp.lineOf("value"), "CAA record " + owner.get()
                    + " needs 'value' as a string (\"\" is allowed)");
            return null;
        }
        byte[] tag = tagNode.asText().getBytes(StandardCharsets.UTF_8);
        if (tag.length > 255) {
            errors.error(rp.lineOf("tag"), "CAA tag longer than 255 octets");
            return null;
        }
        byte[] value = valueNode.asText().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + tag.length + value.length);
        out.write(flags);
        out.write(tag.length);
        out.writeBytes(tag);
        out.writeBytes(value);
        if (out.size() > 65535) {
            errors.error(rp.lineOf("value"), "CAA value too long for one record (RDATA over 65535 octets)");
            return null;
        }
        return out.toByteArray();
    }

    /**
     * RFC 1035 §3.3.14: TXT RDATA is one or more character-strings of at most 255 octets each. A string value is cut
     * every 255 octets; an array gives one character-string per element.
     */
    static byte[] txt(JsonNode text, int line, Errors errors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (text.isTextual()) {
            byte[] all = text.asText().getBytes(StandardCharsets.UTF_8);
            if (all.length == 0) {
                out.write(0);
            }
            for (int at = 0; at < all.length; at += 255) {
                int len = Math.min(255, all.length - at);
                out.write(len);
                out.write(all, at, len);
            }
        } else if (text.isArray() && !text.isEmpty()) {
            for (int i = 0; i < text.size(); i++) {
                JsonNode e = text.get(i);
                if (!e.isTextual()) {
                    errors.error(line, "TXT text element " + (i + 1) + " must be a string");
                    return null;
                }
                byte[] s = e.asText().getBytes(StandardCharsets.UTF_8);
                if (s.length > 255) {
                    errors.error(line, "TXT string " + (i + 1) + " is " + s.length + " octets; in array form each "
                            + "string must be at most 255 octets (RFC 1035 §3.3.14); use one string to have it cut");
                    return null;
                }
                out.write(s.length);
                out.writeBytes(s);
            }
        } else {
            errors.error(line, "TXT 'text' must be a string or a non-empty array of strings");
            return null;
        }
        if (out.size() > 65535) {
            errors.error(line, "TXT text too long for one record (RDATA over 65535 octets)");
            return null;
        }
        return out.toByteArray();
    }
}
