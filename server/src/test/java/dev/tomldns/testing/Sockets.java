package dev.tomldns.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.Message;

/**
 * One query to a running server over a real socket, UDP or TCP (RFC 1035 §4.2.2 length prefix), and its parsed
 * response: what the tables of RFC rules run through, so they test the path clients get.
 */
public final class Sockets {
    private Sockets() {
    }

    /** The transports a table runs over. */
    public enum Transport { UDP, TCP }

    public static Message ask(Transport transport, InetSocketAddress server, Message query) {
        byte[] wire = query.toWire();
        try {
            return new Message(transport == Transport.UDP ? udp(server, wire) : tcp(server, wire));
        } catch (IOException e) {
            throw new UncheckedIOException(transport + " exchange with " + server, e);
        }
    }

    public static byte[] udp(InetSocketAddress server, byte[] query) throws IOException {
        return udp(server, query, 3000);
    }

    /** One UDP exchange of raw octets; {@code null} when no reply comes within {@code timeoutMillis} (a drop). */
    public static byte[] udpOrNull(InetSocketAddress server, byte[] query, int timeoutMillis) {
        try {
            return udp(server, query, timeoutMillis);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parsed replies over UDP and TCP, for tests written against the server's answers. */
    public static Message udp(InetSocketAddress server, Message query) {
        return ask(Transport.UDP, server, query);
    }

    public static Message tcp(InetSocketAddress server, Message query) {
        return ask(Transport.TCP, server, query);
    }

    private static byte[] udp(InetSocketAddress server, byte[] query, int timeoutMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeoutMillis);
            s.send(new DatagramPacket(query, query.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return Arrays.copyOf(buf, p.getLength());
        }
    }

    public static byte[] tcp(InetSocketAddress server, byte[] query) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 3000);
            s.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            return response;
        }
    }
}
