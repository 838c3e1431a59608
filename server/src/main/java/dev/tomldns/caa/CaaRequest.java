package dev.tomldns.caa;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What a CA is asked: a certificate for {@code name} (or {@code *.name} when {@code wildcard}), by the CA whose
 * issuer domain is {@code ca}, validated with {@code method} (RFC 8657 §4; {@code null} = not said) for the ACME
 * account {@code account} (RFC 8657 §3; {@code null} = not said).
 */
public record CaaRequest(Name name, boolean wildcard, String ca, String method, String account) {

    /** Reads a name as a user writes it; {@code *.example.net} means a wildcard certificate for example.net. */
    public static CaaRequest of(String name, boolean wildcard, String ca, String method, String account)
            throws TextParseException {
        String n = name.trim();
        boolean wild = wildcard;
        if (n.startsWith("*.")) {
            n = n.substring(2);
            wild = true;
        }
        return new CaaRequest(Name.fromString(n, Name.root), wild, ca.toLowerCase(Locale.ROOT), method, account);
    }

    /** The name as it appears in the certificate. */
    public String certificateName() {
        String n = name.toString(true);
        return wildcard ? "*." + n : n;
    }
}
