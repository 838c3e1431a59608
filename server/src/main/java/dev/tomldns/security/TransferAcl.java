package dev.tomldns.security;

import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Who may transfer a zone. Secure default: the empty ACL denies everyone (RFC 5936 §6 leaves the
 * policy to the operator; an open AXFR leaks the whole zone, so nothing is allowed unless configured).
 */
public record TransferAcl(List<AclEntry> entries) {
    /** Denies every client. */
    public static final TransferAcl DENY_ALL = new TransferAcl(List.of());

    public TransferAcl {
        entries = List.copyOf(entries);
    }

    /** True when any rule admits the client; {@code verifiedKey} is null for an unsigned request. */
    public boolean allows(InetAddress address, Name verifiedKey) {
        return entries.stream().anyMatch(e -> e.matches(address, verifiedKey));
    }
}
