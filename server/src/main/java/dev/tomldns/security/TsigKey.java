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
     * RFC 8945 §6: HMAC-SHA256 is mandatory, SHA-1/224/384/512 optional. HMAC-MD5 is accepted because
     * certbot-dns-rfc2136 uses it when no algorithm is configured, but RFC 8945 §6 says it "MUST NOT" be used
     * for new deployments: {@link #weak()} lets the configuration reader warn about it.
     */
    private static final Map<String, Name> ALGORITHMS = Map.of(
            "hmac-md5", TSIG.HMAC_MD5,
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

    /** RFC 8945 §6: HMAC-MD5 "MUST NOT" be used for new keys; it is here for old clients only. */
    public boolean weak() {
        return algorithm.equals(TSIG.HMAC_MD5);
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
