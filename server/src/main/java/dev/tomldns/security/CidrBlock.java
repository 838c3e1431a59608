package dev.tomldns.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address prefix ({@code 10.0.0.0/8}, {@code ::1}); a bare address is a full-length prefix. */
public record CidrBlock(InetAddress network, int prefixLength) {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    /**
     * Parses {@code address[/length]}. Only literal addresses are accepted: a host name here would make
     * an ACL depend on DNS, which an authoritative server must not trust for its own access control.
     */
    public static CidrBlock parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        if (!LITERAL.matcher(addr).matches() || (!addr.contains(":") && !addr.contains("."))) {
            throw new IllegalArgumentException("not an IP address or CIDR: \"" + text + "\"");
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: \"" + text + "\"");
        }
        int max = network.getAddress().length * 8;
        int length = max;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in \"" + text + "\"");
            }
        }
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length must be 0.." + max + " in \"" + text + "\"");
        }
        return new CidrBlock(network, length);
    }

    /** True when {@code address} is of the same family and shares the first {@code prefixLength} bits. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
