package dev.tomldns.reload;

import dev.tomldns.state.StateDirectory;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel of a running {@code tomldns serve}: a UNIX-domain stream socket in the state directory
 * ({@code control.sock}; {@code .tomldns-control.sock} when the state directory is the zones folder), as
 * {@code nsd-control} and {@code knotc} have. {@code tomldns reload} asks over it for a reload and waits for what
 * it did ({@link ReloadReport}), which SIGHUP cannot say, and it works where SIGHUP is ignored (a server started
 * under {@code nohup}).
 *
 * <p>Only the server's own user (and root) may use it: the socket file is owner-only ({@code rw-------}) and each
 * connection's peer credentials ({@code SO_PEERCRED}) are checked, so the moment between bind and chmod opens
 * nothing. The protocol is lines of UTF-8: the client sends {@code reload}; the server answers {@code line TEXT}
 * for each line to print and ends with {@code exit N} (0: every zone loaded, 1: a file failed and its last good
 * version, if any, is still served).
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);
    /** The socket's name in the state directory ({@link StateDirectory#file}). */
    public static final String NAME = "control.sock";
    private static final String RELOAD = "reload";
    /** A request is one short line, sent at once. */
    private static final Duration REQUEST_TIME = Duration.ofSeconds(5);
    private static final int MAX_LINE = 4096;
    /** How long a client may take to read the answer; a reload of a large zone may take longer than that. */
    private static final Duration ANSWER_TIME = Duration.ofSeconds(30);
    private static final Duration RELOAD_TIME = Duration.ofMinutes(10);
    /** Connections served at once; more wait (they come from the server's own user, one per command run). */
    private final Semaphore slots = new Semaphore(4);

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final UserPrincipal owner;
    private final Supplier<CompletableFuture<ReloadReport>> reload;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Supplier<CompletableFuture<ReloadReport>> reload)
            throws IOException {
        this.path = path;
        this.server = server;
        this.reload = reload;
        PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        this.fileKey = attrs.fileKey();
        this.owner = attrs.owner();
        this.acceptor = new Thread(this::acceptLoop, "tomldns-control");
        acceptor.setDaemon(true);
    }

    /** Where the control socket of a server with this state directory is. */
    public static Path in(StateDirectory state) {
        return state.file(NAME).toAbsolutePath();
    }

    /** Where it is for a server whose state directory is {@code dir} ({@code serve --state-dir DIR}). */
    public static Path inStateDirectory(Path dir) {
        return dir.resolve(NAME).toAbsolutePath();
    }

    /** Where it is for a server without a state directory of its own: in its zones folder, hidden. */
    public static Path inZonesFolder(Path zones) {
        return in(StateDirectory.inZonesFolder(zones));
    }

    /**
     * Opens the control socket at {@code path} and serves {@code reload} on it; empty (with the reason logged) when
     * it cannot be made, so the server runs on with SIGHUP and the watcher.
     */
    public static Optional<ControlSocket> open(Path path, Supplier<CompletableFuture<ReloadReport>> reload) {
        Path absolute = path.toAbsolutePath();
        try {
            removeStale(absolute);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(absolute));
                Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-------"));
                ControlSocket control = new ControlSocket(absolute, channel, reload);
                control.acceptor.start();
                log.info("control socket {} (for `tomldns reload`)", absolute);
                return Optional.of(control);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (InUse e) {
            log.error("{}: another tomldns serve answers on this control socket (two servers with one state "
                    + "directory?); this one runs without it: `tomldns reload --pid N` falls back to SIGHUP", absolute);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot make the control socket ({}); `tomldns reload` falls back to SIGHUP", absolute,
                    why(e));
            log.debug("control socket", e);
        }
        return Optional.empty();
    }

    private static final class InUse extends IOException {
        InUse() {
            super("in use");
        }
    }

    /** A socket file left by a server that died; one that still answers belongs to a running server. */
    private static void removeStale(Path path) throws IOException {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!attrs.isOther()) {
            throw new IOException("a file that is not a socket is in the way; remove it");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new InUse();
        } catch (SocketException refused) {
            Files.deleteIfExists(path);
        }
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("control socket {}: {}", path, why(e));
                continue;
            }
            slots.acquireUninterruptibly();
            Thread t = new Thread(() -> {
                try (client) {
                    serve(client);
                } catch (IOException | RuntimeException e) {
                    log.debug("control connection ended: {}", why(e));
                } finally {
                    slots.release();
                }
            }, "tomldns-control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!peer.user().equals(owner) && !"root".equals(peer.user().getName())) {
            log.warn("control socket {}: refused a request from user {} (only {} and root may ask)", path,
                    peer.user().getName(), owner.getName());
            return;
        }
        client.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            String request = readLine(client, selector, REQUEST_TIME);
            List<String> answer = new ArrayList<>();
            int exit;
            if (!RELOAD.equals(request)) {
                answer.add("unknown request '" + dev.tomldns.zone.Diagnostic.printable(request, 40)
                        + "' (this server knows: reload)");
                exit = 2;
            } else {
                log.info("control socket: reload asked for by tomldns reload");
                ReloadReport report = null;
                String failure = null;
                try {
                    report = reload.get().get(RELOAD_TIME.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = "the server is shutting down";
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof java.util.concurrent.RejectedExecutionException
                            ? "the server is shutting down" : "the reload failed on an internal error (see the log)";
                    log.debug("reload for the control socket", e);
                } catch (TimeoutException e) {
                    failure = "the reload did not end within " + RELOAD_TIME.toMinutes() + " minutes";
                }
                if (report != null) {
                    answer.addAll(report.lines());
                    exit = report.ok() ? 0 : 1;
                } else {
                    answer.add("reload: " + failure);
                    exit = 1;
                }
            }
            StringBuilder out = new StringBuilder();
            for (String line : answer) {
                out.append("line ").append(line.replace('\n', ' ').replace('\r', ' ')).append('\n');
            }
            out.append("exit ").append(exit).append('\n');
            write(client, selector, out.toString(), ANSWER_TIME);
        }
    }

    /** What a server answered: the lines to print and the exit code. */
    public record Answer(List<String> lines, int exit) {
    }

    /**
     * Asks the server listening at {@code path} for a reload and waits up to {@code timeout} for its answer.
     *
     * @throws IOException when no server listens there or it does not answer in time
     */
    public static Answer reload(Path path, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            write(channel, selector, RELOAD + "\n", REQUEST_TIME);
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine(channel, selector, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (line.startsWith("line ")) {
                    lines.add(line.substring(5));
                } else if (line.startsWith("exit ")) {
                    return new Answer(List.copyOf(lines), Integer.parseInt(line.substring(5).trim()));
                } else {
                    throw new IOException("the server's answer is not understood");
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("the server's answer is not understood");
        }
    }

    /**
     * The control socket process {@code pid} listens on, found as {@code ss -xlp} finds it: the process's open
     * sockets ({@code /proc/PID/fd}) matched against the listening UNIX sockets ({@code /proc/net/unix}). Empty when
     * it has none (an older server, or one whose socket could not be made), or the process is not the caller's.
     */
    public static Optional<Path> ofProcess(long pid) {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            // Num RefCount Protocol Flags Type St Inode Path; flag 0x10000 (__SO_ACCEPTCON) marks a listening socket.
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || !inodes.contains(f[6]) || !f[7].endsWith(NAME)) {
                    continue;
                }
                long flags = Long.parseLong(f[3], 16);
                if ((flags & 0x10000) != 0) {
                    return Optional.of(Path.of(f[7]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** One line (without its newline) read within {@code time}. */
    private static String readLine(SocketChannel channel, Selector selector, Duration time) throws IOException {
        long deadline = System.nanoTime() + time.toNanos();
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            key = channel.register(selector, SelectionKey.OP_READ);
        }
        key.interestOps(SelectionKey.OP_READ);
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            int n = channel.read(one);
            if (n < 0) {
                throw new IOException("the connection closed before a whole line");
            }
            if (n == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no answer in time");
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                continue;
            }
            byte b = one.get(0);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " octets");
            }
            line.write(b);
        }
    }

    private static void write(SocketChannel channel, Selector selector, String text, Duration time)
            throws IOException {
        long deadline = System.nanoTime() + time.toNanos();
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            key = channel.register(selector, SelectionKey.OP_WRITE);
        }
        key.interestOps(SelectionKey.OP_WRITE);
        ByteBuffer b = StandardCharsets.UTF_8.encode(text);
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the other side does not read");
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
            }
        }
    }

    private static String why(Exception e) {
        if (e instanceof IOException io) {
            return StateDirectory.why(io);
        }
        return "an internal error";
    }

    /** Stops answering and removes the socket file (when it is still the one this server made). */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing on the way out
        }
        try {
            PosixFileAttributes now = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (fileKey != null && fileKey.equals(now.fileKey())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // gone already, or replaced by another server's
        }
        acceptor.interrupt();
    }
}
