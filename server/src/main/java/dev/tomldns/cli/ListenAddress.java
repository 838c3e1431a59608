package dev.tomldns.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** Parses {@code 127.0.0.1:5300}, {@code [::1]:5300} and {@code 0.0.0.0:53} (an IP address is required). */
public final class ListenAddress {
    private ListenAddress() {
    }

    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not ADDR:PORT (e.g. 127.0.0.1:5300)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("bad port in '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("port out of range in '" + text + "'");
        }
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new CommandLine.TypeConversionException("'" + host + "' is not an IP address");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CommandLine.TypeConversionException("'" + host + "' is not an IP address");
        }
    }
}
