package dev.tomldns.xfr;

import dev.tomldns.state.StateDirectory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.regex.Pattern;
import org.xbill.DNS.WireParseException;
import org.xbill.DNS.ZoneTransferException;

/**
 * Why an exchange with a peer (a primary we refresh from, a secondary we notify) failed, in an operator's words:
 * "connection refused", "no answer within 3 s", "the primary's reply was not valid DNS". Never a Java class name:
 * these lines go to the log an operator reads and to {@code /ready}.
 */
public final class PeerFailure {
    /** A message that is a Java exception's own text rather than words for a user. */
    private static final Pattern JAVA_TEXT = Pattern.compile("java\\.|Exception|because \"|\\bnull\\b");

    private PeerFailure() {
    }

    /** The reason, in plain words, for an exchange that ended in {@code e}; {@code waited} is the timeout given. */
    public static String why(Throwable e, java.time.Duration waited) {
        String message = e.getMessage();
        if (e instanceof ZoneTransferException) {
            // Our own transfer checks and dnsjava's ("invalid IXFR delta...") speak of the transfer.
            return plain(message, "the transfer failed");
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + waited.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable (nothing listens there)";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + plain(message, "");
        }
        if (e instanceof WireParseException) {
            return "the reply was not valid DNS (" + plain(message, "malformed") + ")";
        }
        if (e instanceof ClosedChannelException) {
            return "the connection was closed";
        }
        if (e instanceof IOException io) {
            return plain(StateDirectory.why(io), "I/O error");
        }
        return "unexpected failure (details at debug level)";
    }

    /** A peer as an operator writes it in a configuration: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}. */
    public static String where(java.net.InetSocketAddress peer) {
        String host = peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + peer.getPort();
    }

    private static String plain(String message, String otherwise) {
        if (message == null || message.isBlank() || JAVA_TEXT.matcher(message).find()) {
            return otherwise;
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
