package dev.tomldns.security;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A shared TSIG secret (RFC 8945). The HMAC work is dnsjava's {@link TSIG}; this type only
 * validates the configuration and names the algorithms tomldns accepts.
 */
public record TsigKey(Name name, Name algorithm, byte[] secret) {
    /**
     * RFC 8945 §6: HMAC-SHA256 is mandatory, SHA-1/224/384/512 optional; HMAC-MD5 is deliberately
     * not offered (RFC 8945 §6 marks it deprecated for new deployments).
     */
    private static final Map<String, Name> ALGORITHMS = Map.of(
            "hmac-sha1", TSIG.HMAC_SHA1,
            "hmac-sha224", TSIG.HMAC_SHA224,
            "hmac-sha256", TSIG.HMAC_SHA256,
            "hmac-sha384", TSIG.HMAC_SHA384,
            "hmac-sha512", TSIG.HMAC_SHA512);

    /** Builds a key from configuration text; throws IllegalArgumentException naming the bad part. */
    public static TsigKey of(String name, String algorithm, String base64Secret) {
        Name keyName;
        try {
            keyName = Name.fromString(name, Name.root);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad key name \"" + name + "\": " + e.getMessage());
        }
        Name alg = ALGORITHMS.get(algorithm.toLowerCase(Locale.ROOT));
        if (alg == null) {
            throw new IllegalArgumentException("unsupported algorithm \"" + algorithm + "\" (use one of "
                    + String.join(", ", ALGORITHMS.keySet().stream().sorted().toList()) + ")");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64Secret.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret is not valid base64");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret is empty");
        }
        return new TsigKey(keyName, alg, secret);
    }

    /** The dnsjava signer/verifier for this key. */
    public TSIG toTsig() {
        return new TSIG(algorithm, name, secret.clone());
    }

    /** The algorithm's mnemonic as BIND, NSD and Knot spell it (hmac-sha256). */
    public String algorithmMnemonic() {
        return ALGORITHMS.entrySet().stream().filter(e -> e.getValue().equals(algorithm)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    /** The secret in base64, as the peer servers' configuration files want it. */
    public String secretBase64() {
        return Base64.getEncoder().encodeToString(secret);
    }
}
