package dev.tomldns.interop;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.Message;

/**
 * One DNS exchange on a plain socket. dnsjava's resolver turns AXFR queries into its own TCP
 * transfer, so tests that must see exactly what a UDP or TCP AXFR query gets use this.
 */
public final class RawDns {
    private RawDns() {}

    public static Message udp(InetSocketAddress server, InetSocketAddress local, Message query) throws IOException {
        try (DatagramSocket s = new DatagramSocket(local)) {
            s.setSoTimeout(2000);
            byte[] wire = query.toWire(65535);
            s.send(new DatagramPacket(wire, wire.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new Message(Arrays.copyOf(buf, p.getLength()));
        }
    }

    /** Sends one query over TCP and reads the first response message. */
    public static Message tcp(InetSocketAddress server, Message query) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 2000);
            s.setSoTimeout(2000);
            byte[] wire = query.toWire(65535);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            return new Message(response);
        }
    }
}
