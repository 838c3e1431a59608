package dev.tomldns.transport;

import dev.tomldns.fastpath.FastPath;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.rrl.ResponseRateLimit;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ResourceLeakDetector;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP and TCP listeners on Netty event loops. On Linux (epoll) each address gets one UDP socket per event-loop
 * thread with SO_REUSEPORT, so the kernel spreads datagrams over the threads; elsewhere (NIO) one socket.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

    /** Largest query datagram read in a batch slot; longer ones are read one at a time. */
    private static final int DATAGRAM_SLOT = 2048;
    /** Datagrams read per recvmmsg(2) call. */
    private static final int DATAGRAMS_PER_READ = 16;

    /** Every reply counts as zero octets of pending writes: see {@link #bindUdp}. */
    private static final MessageSizeEstimator UNCOUNTED = () -> msg -> 0;

    private final QueryProcessor processor;
    private final FastPath fastPath;
    /** Builds the fast path's index of each new catalog, off the thread that swapped it in and off the event loops. */
    private final ExecutorService indexer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fast-path-index");
        t.setDaemon(true);
        return t;
    });
    private final TcpSettings tcp;
    private final int threads;
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private final TcpConnectionLimit connectionLimit;
    /** Response rate limiting of UDP answers; null: off. */
    private final ResponseRateLimit rrl;

    public DnsServer(QueryProcessor processor, TcpSettings tcp, int threads) {
        this(processor, tcp, threads, null);
    }

    /** A server whose UDP responses pass {@code rrl} (null: no rate limiting). */
    public DnsServer(QueryProcessor processor, TcpSettings tcp, int threads, ResponseRateLimit rrl) {
        // Netty's leak detector records a stack trace for a sample of all buffers: measurable per query (a profile
        // at 50k q/s showed ~3% of the server's CPU). Off unless asked for with -Dio.netty.leakDetection.level.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        this.processor = processor;
        this.fastPath = new FastPath(processor, indexer);
        this.tcp = tcp;
        this.threads = Math.max(1, threads);
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(this.threads, io);
        this.connectionLimit = new TcpConnectionLimit(tcp, processor.metrics());
        this.rrl = rrl;
        if (rrl != null) {
            rrl.zones(processor.registry()); // wildcard answers are counted by their wildcard
        }
    }

    /**
     * Binds UDP and TCP on each address. Port 0 picks a free port that UDP and TCP then share. Returns the addresses
     * actually bound, in order. The fast path's index of the current catalog is then built in the background.
     */
    public List<InetSocketAddress> start(List<InetSocketAddress> addresses) throws InterruptedException, BindException {
        List<InetSocketAddress> out = listen(addresses);
        buildFastPathIndex();
        return out;
    }

    /**
     * As {@link #start} without building the fast path's index: until {@link #buildFastPathIndex} (or the next
     * catalog swap), every query takes the reference path. {@code serve} builds it after the first load's lint and
     * heap trim, so the trim does not size the heap for it (a million-record zone settled at 252-262 MiB PSS with
     * the index built first, 212 without).
     */
    public List<InetSocketAddress> listen(List<InetSocketAddress> addresses) throws InterruptedException,
            BindException {
        for (InetSocketAddress address : addresses) {
            bound.add(bindBoth(address));
        }
        log.info("listening on {} (udp+tcp, {} event-loop threads, {})", bound, threads, epoll ? "epoll" : "nio");
        return List.copyOf(bound);
    }

    /** Builds the fast path's index of the current catalog in the background. */
    public void buildFastPathIndex() {
        fastPath.buildIndex();
    }

    private InetSocketAddress bindBoth(InetSocketAddress address) throws InterruptedException, BindException {
        // With port 0, the UDP port the kernel picks may be taken for TCP: try a few times.
        for (int attempt = 0; ; attempt++) {
            List<Channel> udp = new ArrayList<>();
            try {
                InetSocketAddress actual = bindUdp(address, udp);
                Channel tcpChannel = bindTcp(actual);
                channels.addAll(udp);
                channels.add(tcpChannel);
                return actual;
            } catch (Exception e) {
                udp.forEach(Channel::close);
                if (address.getPort() != 0 || attempt >= 10) {
                    BindException be = new BindException("cannot listen on " + address + ": " + e.getMessage());
                    be.initCause(e);
                    throw be;
                }
            }
        }
    }

    private InetSocketAddress bindUdp(InetSocketAddress address, List<Channel> out) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                // Replies are never held back on a datagram socket (the handler does not look at writability), so
                // the per-reply pending-bytes accounting, two atomic updates each, is skipped.
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, UNCOUNTED)
                .handler(new UdpQueryHandler(processor, fastPath, rrl));
        if (!epoll) {
            b.channel(NioDatagramChannel.class);
        } else {
            b.channelFactory(ipv4Only(address)
                    ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                    : EpollDatagramChannel::new);
            // recvmmsg(2): up to DATAGRAMS_PER_READ queries per system call, each in a slice of one pooled buffer.
            // Netty's recvmmsg also makes one getsockopt(IP_RECVORIGDSTADDR) per call, in its native code: one
            // extra system call per batch that no option turns off.
            b.option(EpollChannelOption.SO_REUSEPORT, true)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_SLOT)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(DATAGRAM_SLOT * DATAGRAMS_PER_READ));
        }
        Channel first = b.bind(address).sync().channel();
        out.add(first);
        InetSocketAddress actual = (InetSocketAddress) first.localAddress();
        for (int i = 1; epoll && i < threads; i++) {
            out.add(b.bind(actual).sync().channel());
        }
        return actual;
    }

    /**
     * A specific IPv4 address gets an IPv4 socket. Netty's default is a dual-stack IPv6 socket, on which the kernel
     * handles every IPv4 datagram as v4-mapped (the IPv6 UDP entry points, 28-octet socket addresses); an IPv4
     * socket skips that. The wildcard 0.0.0.0 keeps the dual-stack socket, which Netty binds to {@code ::} and
     * which so also answers over IPv6, as before.
     */
    private static boolean ipv4Only(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address && !address.getAddress().isAnyLocalAddress();
    }

    private Channel bindTcp(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group, group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new TcpChannelInitializer(processor, fastPath, tcp, connectionLimit));
        return b.bind(address).sync().channel();
    }

    public List<InetSocketAddress> addresses() {
        return List.copyOf(bound);
    }

    /** Stops accepting, lets in-flight answers go out, and ends the event loops within a bound. */
    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        indexer.shutdownNow();
    }
}
