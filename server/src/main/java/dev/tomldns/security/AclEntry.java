package dev.tomldns.security;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * One rule of a transfer ACL: a source prefix, a TSIG key, or both (then both must match).
 *
 * @param from the client prefix, or null for any address
 * @param key the TSIG key name the request must be signed and verified with, or null for none required
 */
public record AclEntry(CidrBlock from, Name key) {
    public AclEntry {
        if (from == null && key == null) {
            throw new IllegalArgumentException("an ACL entry needs `from`, `key` or both");
        }
    }

    /** True when this rule admits a client at {@code address} whose request verified with {@code verifiedKey}. */
    public boolean matches(InetAddress address, Name verifiedKey) {
        if (from != null && !from.contains(address)) {
            return false;
        }
        return key == null || key.equals(verifiedKey);
    }
}
