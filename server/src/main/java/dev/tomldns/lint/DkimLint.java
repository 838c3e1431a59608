package dev.tomldns.lint;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Name;

/** Checks DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463) at {@code <selector>._domainkey.<domain>}. */
final class DkimLint {
    private static final Set<String> KNOWN = Set.of("v", "h", "k", "n", "p", "s", "t", "g");
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), to hand the raw 32-octet key to the JDK. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    /** DER prefix of the rsaEncryption AlgorithmIdentifier, to wrap a bare RSAPublicKey (PKCS #1) in an SPKI. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");

    private final ServedRecords zones;
    private final Findings out;

    DkimLint(ServedRecords zones, Findings out) {
        this.zones = zones;
        this.out = out;
    }

    static boolean isKeyName(Name name) {
        for (int i = 1; i < name.labels() - 1; i++) {
            if (ServedRecords.labelIs(name, i, "_domainkey")) {
                return true;
            }
        }
        return false;
    }

    void check(Name name) {
        boolean keyName = isKeyName(name);
        for (ServedRecords.Txt t : zones.txt(name)) {
            boolean looksLikeKey = t.startsWithoutSpaces("v=DKIM1");
            if (!keyName && looksLikeKey) {
                out.warning(t.source(), "RFC 6376 §3.6.2.1", "a DKIM key at " + name + ", which is not "
                        + "<selector>._domainkey.<domain>: verifiers never look here",
                        "move it to <selector>._domainkey." + name);
            }
            if (keyName) {
                checkRecord(t.source(), t.text());
            }
        }
    }

    private void checkRecord(LintRecord at, String text) {
        TagList tags = TagList.parse(text);
        tags.problems().forEach(p -> out.error(at, "RFC 6376 §3.2", "DKIM tag list: " + p,
                "write tag=value pairs separated by ';'"));
        tags.duplicates().forEach(d -> out.error(at, "RFC 6376 §3.2", "tag " + d + "= appears more than once: "
                + "verifiers reject the key", "keep one"));
        TagList.Tag v = tags.get("v");
        if (v != null && (v.index() != 0 || !v.value().equals("DKIM1"))) {
            out.error(at, "RFC 6376 §3.6.1", "v= must be the first tag and exactly DKIM1 (found v=" + Ascii.cut(v.value())
                    + (v.index() != 0 ? " at position " + (v.index() + 1) : "") + "): verifiers discard the key",
                    "start the text with v=DKIM1; or drop v=");
        }
        String k = tags.value("k") == null ? "rsa" : tags.value("k").toLowerCase(Locale.ROOT);
        if (!k.equals("rsa") && !k.equals("ed25519")) {
            out.error(at, "RFC 6376 §3.6.1, RFC 8463", "k=" + Ascii.cut(k) + " is not a DKIM key type (rsa or ed25519)",
                    "k=rsa or k=ed25519");
        }
        checkHashes(at, tags.value("h"));
        checkFlags(at, tags.value("t"));
        tags.tags().stream().filter(t -> !KNOWN.contains(t.name())).forEach(t -> out.info(at, "RFC 6376 §3.6.1",
                "unknown tag " + t.name() + "= is ignored by verifiers", ""));
        String p = tags.value("p");
        if (p == null) {
            out.error(at, "RFC 6376 §3.6.1", "the required p= tag (the public key) is missing",
                    "add p=<base64 public key>, or p= (empty) to revoke the selector");
            return;
        }
        checkKey(at, k, withoutWhiteSpace(p));
    }

    private void checkHashes(LintRecord at, String h) {
        if (h == null) {
            return;
        }
        // Not Set.of: a hash named twice (h=sha256:sha256) is legal and must not fail the check.
        Set<String> hashes = new java.util.HashSet<>(List.of(h.toLowerCase(Locale.ROOT).replace(" ", "").split(":")));
        if (hashes.equals(Set.of("sha1"))) {
            out.warning(at, "RFC 8301 §3.1", "h=sha1 only: rsa-sha1 signatures must not be used or trusted any more",
                    "h=sha256 (or drop h=)");
        } else if (!Set.of("sha1", "sha256").containsAll(hashes)) {
            out.warning(at, "RFC 6376 §3.6.1", "h=" + Ascii.cut(h) + " names an unknown hash", "h=sha256");
        }
    }

    private void checkFlags(LintRecord at, String t) {
        if (t != null && List.of(t.replace(" ", "").split(":")).contains("y")) {
            out.info(at, "RFC 6376 §3.6.1", "t=y: the domain is testing DKIM; verifiers may treat failures as "
                    + "unsigned mail", "drop t=y once signing works");
        }
    }

    private void checkKey(LintRecord at, String k, String p) {
        if (p.isEmpty()) {
            out.info(at, "RFC 6376 §3.6.1", "empty p=: this selector's key is revoked; mail signed with it fails",
                    "");
            return;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            out.error(at, "RFC 6376 §3.6.1", "p= is not valid base64 (" + e.getMessage() + "): verifiers cannot read "
                    + "the key and DKIM fails", "paste the key again, without quotes, headers or line breaks");
            return;
        }
        if (k.equals("ed25519")) {
            checkEd25519(at, der);
        } else if (k.equals("rsa")) {
            checkRsa(at, der);
        }
    }

    private void checkRsa(LintRecord at, byte[] der) {
        RSAPublicKey key = rsa(der);
        if (key == null) {
            key = rsa(spki(RSA_ALGORITHM, der));
        }
        if (key == null) {
            out.error(at, "RFC 6376 §3.6.1", "p= decodes, but not to an RSA public key: verifiers cannot use it",
                    "publish the SubjectPublicKeyInfo in base64 (openssl rsa -pubout, without the PEM lines)");
            return;
        }
        int bits = key.getModulus().bitLength();
        if (bits < 1024) {
            out.error(at, "RFC 8301 §3.2", "the RSA key has " + bits + " bits: verifiers must not accept keys "
                    + "below 1024 bits", "generate a 2048-bit key");
        } else if (bits < 2048) {
            out.warning(at, "RFC 8301 §3.2", "the RSA key has " + bits + " bits; signers should use 2048 bits",
                    "generate a 2048-bit key under a new selector");
        }
    }

    private void checkEd25519(LintRecord at, byte[] raw) {
        if (raw.length != 32) {
            out.error(at, "RFC 8463 §4.2", "an ed25519 p= holds the bare 32-octet key; this one has " + raw.length
                    + " octets" + (raw.length == 44 ? " (a SubjectPublicKeyInfo: strip its 12-octet header)" : ""),
                    "publish the raw key: base64 of its 32 octets");
            return;
        }
        try {
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spkiRaw(raw)));
        } catch (GeneralSecurityException e) {
            out.error(at, "RFC 8463 §4.2", "p= is not an Ed25519 public key (" + e.getMessage() + ")",
                    "publish the raw key: base64 of its 32 octets");
        }
    }

    private static RSAPublicKey rsa(byte[] der) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return key instanceof RSAPublicKey r ? r : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] spkiRaw(byte[] raw) {
        byte[] out = new byte[ED25519_SPKI.length + raw.length];
        System.arraycopy(ED25519_SPKI, 0, out, 0, ED25519_SPKI.length);
        System.arraycopy(raw, 0, out, ED25519_SPKI.length, raw.length);
        return out;
    }

    /** SEQUENCE { algorithm, BIT STRING { 0 unused bits, key } } in DER. */
    private static byte[] spki(byte[] algorithm, byte[] key) {
        ByteArrayOutputStream bits = new ByteArrayOutputStream();
        bits.write(0x03);
        writeLength(bits, key.length + 1);
        bits.write(0);
        bits.writeBytes(key);
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        seq.write(0x30);
        writeLength(seq, algorithm.length + bits.size());
        seq.writeBytes(algorithm);
        seq.writeBytes(bits.toByteArray());
        return seq.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 128) {
            out.write(length);
        } else if (length < 256) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
    }

    /** RFC 6376 §3.6.1: white space inside p= is ignored. */
    private static String withoutWhiteSpace(String p) {
        StringBuilder out = new StringBuilder(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
