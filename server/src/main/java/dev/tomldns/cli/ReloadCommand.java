package dev.tomldns.cli;

import dev.tomldns.config.ConfigException;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.config.ServerConfigReader;
import dev.tomldns.reload.ControlSocket;
import dev.tomldns.reload.HangupSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns reload}: makes a running {@code tomldns serve} read its zone files now and says what that did.
 * It asks over the server's {@link ControlSocket} and waits for the answer: per zone the serial before and after,
 * or the errors (file:line) of a file whose new version was refused. Exit 0 when every zone loaded, 1 when a file
 * failed (its last good version, if any, is still served), 2 when no server answers.
 *
 * <p>The server is found by {@code --pid}/{@code --pid-file} (the socket that process listens on), or by where its
 * socket lies: {@code --state-dir}, the state directory or zones folder of {@code --config}, {@code
 * $STATE_DIRECTORY}, {@code --zones} (default {@code zones}), {@code /var/lib/tomldns}. A process without a control
 * socket gets SIGHUP, as {@code kill -HUP} sends it, unless it ignores SIGHUP (started under {@code nohup}): then
 * nothing would happen, and the command says so (exit 1).
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Make a running server read its zone files now and print what it loaded: per zone the serial "
                + "(old -> new) or the errors. Exit 0: all loaded; 1: a file failed (its last good version is "
                + "still served); 2: no server answered.")
public final class ReloadCommand implements Callable<Integer> {
    private static final int FAILED = 1;
    private static final int NO_SERVER = 2;

    static final class Target {
        @Option(names = "--pid-file", paramLabel = "FILE", required = true,
                description = "The file `serve --pid-file FILE` wrote.")
        Path pidFile;

        @Option(names = "--pid", paramLabel = "PID", required = true, description = "The server's process id.")
        Long pid;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The server's state directory (serve --state-dir).")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The server's configuration: its state-dir (else its zones folder) holds the socket.")
    Path config;

    @Option(names = "--zones", paramLabel = "DIR",
            description = "The server's zones folder, where the socket is when it has no state directory "
                    + "(default: zones).")
    Path zones;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the reload to finish (default: 60).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> places;
        try {
            places = socketPlaces();
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("tomldns reload: " + p));
            return NO_SERVER;
        }
        if (target == null) {
            for (Path socket : places) {
                if (Files.exists(socket)) {
                    return ask(socket, out, err);
                }
            }
            err.println("tomldns reload: no running server found: no control socket at " + join(places)
                    + " (is tomldns serve running? give --state-dir, --config, --pid or --pid-file)");
            return NO_SERVER;
        }
        Long pid = pid(err);
        if (pid == null) {
            return NO_SERVER;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isEmpty() || !server.get().isAlive()) {
            err.println("tomldns reload: no process " + pid + " (is tomldns serve running?)");
            return NO_SERVER;
        }
        Optional<Path> socket = ControlSocket.ofProcess(pid);
        if (socket.isPresent()) {
            return ask(socket.get(), out, err);
        }
        if (stateDir != null || config != null) {
            for (Path p : places) {
                if (Files.exists(p)) {
                    return ask(p, out, err);
                }
            }
        }
        return hangup(pid, out, err);
    }

    /** Asks the server at {@code socket} and prints its answer. */
    private int ask(Path socket, PrintWriter out, PrintWriter err) {
        ControlSocket.Answer answer;
        try {
            answer = ControlSocket.reload(socket, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
        } catch (SocketException e) {
            err.println("tomldns reload: no server answers on " + socket + " (" + dev.tomldns.state.StateDirectory.why(e)
                    + "; is tomldns serve running?)");
            return NO_SERVER;
        } catch (IOException e) {
            err.println("tomldns reload: " + socket + ": " + dev.tomldns.state.StateDirectory.why(e)
                    + " (waited up to " + timeoutSeconds + " s)");
            return NO_SERVER;
        }
        answer.lines().forEach(out::println);
        out.flush();
        return answer.exit();
    }

    /** No control socket: SIGHUP, which reloads but cannot say what it did; refused where it is ignored. */
    private int hangup(long pid, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if (HangupSignal.ignoredBy(pid).orElse(false)) {
            err.println("tomldns reload: process " + pid + " has no control socket and ignores SIGHUP (started under "
                    + "nohup?), so it cannot be asked to reload: nothing was reloaded. Restart it without nohup, or "
                    + "give it a writable --state-dir for its control socket");
            return FAILED;
        }
        // Java cannot send signals itself; the shell's kill builtin is everywhere a shell is.
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s HUP \"$1\"", "sh", Long.toString(pid))
                .inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            err.println("tomldns reload: could not send SIGHUP to " + pid);
            return FAILED;
        }
        out.println("sent SIGHUP to " + pid + " (it has no control socket, so the outcome cannot be shown here): the "
                + "server reloads its zones and logs one 'reload:' line");
        return 0;
    }

    private Long pid(PrintWriter err) {
        if (target.pid != null) {
            return target.pid;
        }
        try {
            return Long.parseLong(Files.readString(target.pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            err.println("tomldns reload: " + target.pidFile + ": cannot read a process id ("
                    + dev.tomldns.state.StateDirectory.why(e) + "; is tomldns serve running?)");
        } catch (NumberFormatException e) {
            err.println("tomldns reload: " + target.pidFile + ": not a process id");
        }
        return null;
    }

    /** Where a server's control socket may be, most specific first (as {@code serve} chooses its state directory). */
    private List<Path> socketPlaces() throws ConfigException {
        Set<Path> places = new LinkedHashSet<>();
        if (stateDir != null) {
            places.add(ControlSocket.inStateDirectory(stateDir));
        }
        if (config != null) {
            ServerConfig settings = ServerConfigReader.read(config);
            if (settings.stateDir() != null) {
                places.add(ControlSocket.inStateDirectory(settings.stateDir()));
            }
            if (settings.zonesDir() != null) {
                places.add(ControlSocket.inZonesFolder(settings.zonesDir()));
            }
        }
        if (stateDir == null && config == null) {
            String systemd = System.getenv("STATE_DIRECTORY");
            if (systemd != null && !systemd.isBlank()) {
                places.add(ControlSocket.inStateDirectory(Path.of(systemd.split(":", 2)[0])));
            }
            places.add(ControlSocket.inZonesFolder(zones != null ? zones : Path.of("zones")));
            places.add(ControlSocket.inStateDirectory(Path.of("/var/lib/tomldns")));
        } else if (zones != null) {
            places.add(ControlSocket.inZonesFolder(zones));
        }
        return new ArrayList<>(places);
    }

    private static String join(List<Path> places) {
        return String.join(", ", places.stream().map(Path::toString).toList());
    }
}
