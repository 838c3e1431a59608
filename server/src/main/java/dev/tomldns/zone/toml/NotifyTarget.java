package dev.tomldns.zone.toml;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** One {@code also-notify} entry: an IP address with an optional port (53 when left out, RFC 1996 §3.1). */
final class NotifyTarget {
    private static final int DNS_PORT = 53;

    private NotifyTarget() {
    }

    /** {@code 192.0.2.2}, {@code 192.0.2.2:5301}, {@code 2001:db8::2}, {@code [2001:db8::2]:5301}; else null. */
    static InetSocketAddress parse(String text) {
        String host = text.trim();
        int port = DNS_PORT;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = port(rest.substring(1));
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            // One colon: IPv4 with a port. More than one: a bare IPv6 address.
            int colon = host.indexOf(':');
            port = port(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        // Only literals: InetAddress.getByName then never asks a resolver.
        if (port < 0 || host.isEmpty() || !host.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            return p >= 1 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
