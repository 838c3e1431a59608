package dev.tomldns.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tomldns} command line: {@code serve}, {@code check} and the commands that grow beside them. */
@Command(name = "tomldns", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "An authoritative DNS server for zones written in TOML.",
        subcommands = {ServeCommand.class, CheckCommand.class, CaaCommand.class, ReloadCommand.class,
                ImportCommand.class, ExportCommand.class, FmtCommand.class, WaitSerialCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static {
        dev.tomldns.caa.Rfc8659CaaRecord.install(); // RFC 8659 §4.1: CAA tags in either case, in every command
    }

    /** Exit code of a command line that could not be used (picocli's convention). */
    static final int USAGE = 2;

    public static void main(String[] args) {
        // NIO reads a file into a heap array through a temporary direct buffer as large as the read, and by default
        // caches it for the thread forever: reading a 75 MB zone file left 75 MB of native memory held by the
        // reload thread. Buffers above 256 KiB are freed after use instead (read once, when NIO first needs one).
        if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
            System.setProperty("jdk.nio.maxCachedBufferSize", "262144");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line with one rule for failures: a bad value is a usage error (exit 2), anything else that escapes
     * a command is one line on standard error (exit 1). A user sees what went wrong, never a stack trace.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CommandLine.TypeConversionException) {
                line.getErr().println("tomldns " + line.getCommandName() + ": " + e.getMessage());
                line.getErr().println("Try 'tomldns " + line.getCommandName() + " --help'.");
                return USAGE;
            }
            line.getErr().println("tomldns " + line.getCommandName() + ": " + describe(e));
            return 1;
        });
        return cl;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
