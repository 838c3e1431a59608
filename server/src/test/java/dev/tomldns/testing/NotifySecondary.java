package dev.tomldns.testing;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Section;

/**
 * A secondary on a loopback UDP port that records every NOTIFY it gets and acknowledges (RFC 1996 §4.7, unsigned)
 * those it is not told to ignore, so tests can see retransmissions, signatures and how many NOTIFYs arrived.
 */
public final class NotifySecondary implements AutoCloseable {
    private final DatagramSocket socket;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final Predicate<Message> ignore;

    /** Acknowledges every NOTIFY. */
    public NotifySecondary() throws SocketException {
        this(m -> false);
    }

    /** Leaves unanswered the NOTIFYs {@code ignore} accepts (it sees them in arrival order). */
    public NotifySecondary(Predicate<Message> ignore) throws SocketException {
        this.ignore = ignore;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::serve, "test-notify-secondary");
        t.setDaemon(true);
        t.start();
    }

    /** Leaves the first {@code count} NOTIFYs unanswered and acknowledges the rest. */
    public static NotifySecondary ignoringFirst(int count) throws SocketException {
        AtomicInteger seen = new AtomicInteger();
        return new NotifySecondary(m -> seen.incrementAndGet() <= count);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every NOTIFY received so far, in order. */
    public List<Message> received() {
        return List.copyOf(received);
    }

    /** The next NOTIFY not yet taken; fails after 10 s. */
    public Message next() throws InterruptedException {
        Message m = queue.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no NOTIFY within 10 s");
        }
        return m;
    }

    /** The next NOTIFY not yet taken, or {@code null} after {@code wait}. */
    public Message poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes every NOTIFY not yet taken. */
    public List<Message> drain() {
        List<Message> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    private void serve() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message m = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                if (m.getHeader().getOpcode() != Opcode.NOTIFY) {
                    continue;
                }
                received.add(m);
                queue.add(m);
                if (ignore.test(m)) {
                    continue;
                }
                Message reply = new Message(m.getHeader().getID());
                reply.getHeader().setOpcode(Opcode.NOTIFY);
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.AA);
                reply.addRecord(m.getQuestion(), Section.QUESTION);
                byte[] out = reply.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (Exception e) {
                return; // socket closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
