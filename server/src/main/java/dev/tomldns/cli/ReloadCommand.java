package dev.tomldns.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tomldns reload --pid-file FILE} (or {@code --pid N}): sends SIGHUP to a running {@code tomldns serve}, which
 * then reads its zone folder again. The same as {@code kill -HUP $(cat FILE)}.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Make a running server read its zone files again (sends it SIGHUP).")
public final class ReloadCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--pid-file", paramLabel = "FILE", required = true,
                description = "The file `serve --pid-file FILE` wrote.")
        Path pidFile;

        @Option(names = "--pid", paramLabel = "PID", required = true, description = "The server's process id.")
        Long pid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Override
    public Integer call() throws Exception {
        long pid;
        if (target.pid != null) {
            pid = target.pid;
        } else {
            try {
                pid = Long.parseLong(Files.readString(target.pidFile, StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException e) {
                System.err.println(target.pidFile + ": cannot read a process id: " + e.getMessage());
                return 1;
            }
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isEmpty() || !server.get().isAlive()) {
            System.err.println("no process " + pid + " (is tomldns serve running?)");
            return 1;
        }
        // Java cannot send signals itself; the shell's kill builtin is everywhere a shell is.
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s HUP \"$1\"", "sh", Long.toString(pid))
                .inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            System.err.println("could not send SIGHUP to " + pid);
            return 1;
        }
        System.out.println("sent SIGHUP to " + pid + ": the server reloads its zones and logs one 'reload:' line");
        return 0;
    }
}
