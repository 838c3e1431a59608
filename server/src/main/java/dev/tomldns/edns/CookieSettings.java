package dev.tomldns.edns;

import java.util.List;

/**
 * DNS cookie settings: the {@code [cookies]} table of the server configuration.
 *
 * @param secrets the 16-octet server secrets (RFC 9018 §4.2), the same on every server of an anycast set: the
 *                first makes cookies, every one is accepted (so a secret can be rotated: the new one first, the old
 *                one second until its cookies have expired, an hour); empty: a random one made at each start
 *                (cookies then last until a restart, and clients learn new ones)
 * @param require BADCOOKIE for UDP queries with a client cookie but no valid server cookie (RFC 7873 §5.2.3)
 */
public record CookieSettings(List<byte[]> secrets, boolean require) {
    /** Cookies answered, secret made at start, not required. */
    public static final CookieSettings DEFAULTS = new CookieSettings(List.of(), false);

    public CookieSettings {
        secrets = List.copyOf(secrets);
    }

    /** How the server makes and checks cookies with these settings. */
    public ServerCookie serverCookie() {
        return secrets.isEmpty() ? ServerCookie.withRandomSecret() : ServerCookie.withSecrets(secrets);
    }
}
