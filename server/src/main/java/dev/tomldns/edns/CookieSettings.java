package dev.tomldns.edns;

/**
 * DNS cookie settings: the {@code [cookies]} table of the server configuration.
 *
 * @param secret  the 16-octet server secret (RFC 9018 §4.2), the same on every server of an anycast set; null: a
 *                random one made at each start (cookies then last until a restart, and clients learn new ones)
 * @param require BADCOOKIE for UDP queries with a client cookie but no valid server cookie (RFC 7873 §5.2.3)
 */
public record CookieSettings(byte[] secret, boolean require) {
    /** Cookies answered, secret made at start, not required. */
    public static final CookieSettings DEFAULTS = new CookieSettings(null, false);

    /** How the server makes and checks cookies with these settings. */
    public ServerCookie serverCookie() {
        return secret == null ? ServerCookie.withRandomSecret() : ServerCookie.withSecret(secret);
    }
}
