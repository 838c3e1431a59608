package dev.tomldns.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoint:
 * <ul>
 *   <li>{@code GET /metrics}: the meters in Prometheus text format (OpenMetrics when the scraper asks for it);</li>
 *   <li>{@code GET /health}: 200 while the process is up;</li>
 *   <li>{@code GET /ready}: 200 when {@link Readiness} says so, else 503 with the reason.</li>
 * </ul>
 * It binds where it is told, which should be loopback or a management network: it has no authentication.
 *
 * <p>Netty's HTTP codec on one event-loop thread of its own: a connection costs a buffer, not a thread, so slow or
 * idle connections cannot take the threads {@code /health} needs (as they could with one thread per connection
 * reading headers). Each connection must send a whole request within {@link HttpSettings#requestTimeoutMillis}, and
 * {@link HttpConnectionTable} bounds how many are open, closing the one idle longest for a newcomer. The thread is
 * apart from the DNS event loops, so a scrape never delays an answer.
 */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PLAIN = "text/plain; charset=utf-8";
    /** Requests are a line and a few headers; anything larger is refused by the codec. */
    private static final int MAX_LINE = 4096;
    private static final int MAX_HEADERS = 8192;

    private final EventLoopGroup group;
    private final Channel channel;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;

    private HttpEndpoint(EventLoopGroup group, Channel channel, PrometheusMeterRegistry registry,
            Readiness readiness) {
        this.group = group;
        this.channel = channel;
        this.registry = registry;
        this.readiness = readiness;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving, with the default limits.
     *
     * @throws IOException when the address cannot be bound
     */
    public static HttpEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry,
            Readiness readiness) throws IOException {
        return start(address, registry, readiness, HttpSettings.DEFAULTS);
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving within {@code limits}.
     *
     * @throws IOException when the address cannot be bound
     */
    public static HttpEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry,
            Readiness readiness, HttpSettings limits) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "tomldns-http");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        HttpEndpoint[] self = new HttpEndpoint[1];
        HttpConnectionTable table = new HttpConnectionTable(limits.maxConnections());
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("table", table)
                                .addLast("deadline", new HttpRequestDeadline(limits.requestTimeoutMillis()))
                                .addLast("codec", new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192))
                                .addLast("aggregate", new HttpObjectAggregator(1024))
                                .addLast("handler", self[0].new Handler());
                    }
                });
        try {
            Channel channel = b.bind(address).sync().channel();
            self[0] = new HttpEndpoint(group, channel, registry, readiness);
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("interrupted while binding " + address);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            BindException be = new BindException("cannot listen on " + address + ": " + e.getMessage());
            be.initCause(e);
            throw be;
        }
    }

    /** Where the endpoint listens (with the real port when started on port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Answers each whole request; keeps the connection when the client asks to. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                response = respond(request);
            } catch (RuntimeException | IOException e) {
                LOG.warn("HTTP {} {} failed: {}", request.method(), request.uri(), e.toString());
                response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, PLAIN, "internal error\n");
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            if (request.method().equals(HttpMethod.HEAD)) {
                // HEAD: the headers GET would have (Content-Length included), no body.
                int length = response.content().readableBytes();
                response = response.replace(Unpooled.EMPTY_BUFFER);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
            }
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            ctx.pipeline().get(HttpRequestDeadline.class).answered(ctx);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP connection {} closed after error: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private FullHttpResponse respond(FullHttpRequest request) throws IOException {
        if (!request.decoderResult().isSuccess()) {
            return text(HttpResponseStatus.BAD_REQUEST, PLAIN, "bad request\n");
        }
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, PLAIN, "method not allowed\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return r;
        }
        return switch (new QueryStringDecoder(request.uri()).path()) {
            case "/metrics" -> metrics(request);
            case "/health" -> text(HttpResponseStatus.OK, PLAIN, "ok\n");
            case "/ready" -> ready();
            default -> text(HttpResponseStatus.NOT_FOUND, PLAIN, "not found; try /metrics, /health or /ready\n");
        };
    }

    private FullHttpResponse metrics(FullHttpRequest request) throws IOException {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        ByteBuf body = Unpooled.buffer(16 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            registry.scrape(out, contentType);
        }
        return response(HttpResponseStatus.OK, contentType, body);
    }

    private FullHttpResponse ready() {
        Readiness.Status status = readiness.check();
        return text(status.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN,
                status.detail() + "\n");
    }

    private static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
        return response(status, contentType, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }

    /** Stops listening; requests in progress get up to a second to finish. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
