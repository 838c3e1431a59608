package dev.tomldns.reload;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.xbill.DNS.Message;

/** One UDP socket asking one server, one query at a time; an answer must carry the query's ID. */
final class UdpClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final byte[] buffer = new byte[65535];
    private int nextId;

    UdpClient(InetSocketAddress server, Duration timeout) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        socket.connect(server);
        socket.setSoTimeout((int) timeout.toMillis());
        nextId = (int) (System.nanoTime() & 0xffff);
    }

    /** The answer, or {@code null} when none came within the timeout (a lost query). */
    synchronized Message askOrNull(Message query) throws IOException {
        int id = nextId++ & 0xffff;
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        socket.send(new DatagramPacket(wire, wire.length));
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        while (true) {
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                return null;
            }
            Message m = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
            if (m.getHeader().getID() == id) {
                return m; // a late answer to an earlier, timed-out query has another ID and is skipped
            }
        }
    }

    Message ask(Message query) throws IOException {
        Message m = askOrNull(query);
        if (m == null) {
            throw new SocketTimeoutException("no answer to " + query.getQuestion());
        }
        return m;
    }

    @Override
    public void close() {
        socket.close();
    }
}
