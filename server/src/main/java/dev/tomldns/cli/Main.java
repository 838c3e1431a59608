package dev.tomldns.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tomldns} command line: {@code serve}, {@code check} and the commands that grow beside them. */
@Command(name = "tomldns", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "An authoritative DNS server for zones written in TOML.",
        subcommands = {ServeCommand.class, CheckCommand.class, CaaCommand.class, ReloadCommand.class,
                ImportCommand.class, ExportCommand.class, FmtCommand.class, WaitSerialCommand.class, DnssecCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static {
        dev.tomldns.wire.Rfc8659CaaRecord.install(); // RFC 8659 §4.1: CAA tags in either case, in every command
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
        return execute(commandLine(), args);
    }

    /**
     * Runs {@code args} on {@code cl}. picocli hands a command's exceptions to the handler of {@link #commandLine}
     * but lets an {@link Error} (a stack overflow, no memory) through: that too ends as one line, never a trace.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable e) {
            debug(cl, e);
            cl.getErr().println("tomldns: " + describe(e));
            cl.getErr().flush();
            return 1;
        }
    }

    /**
     * The command line with one rule for failures: a bad value is a usage error (exit 2), anything else that escapes
     * a command is one line on standard error (exit 1). A user sees what went wrong in words, never a Java class
     * name or stack trace; {@code TOMLDNS_DEBUG=1} in the environment adds the trace, for a bug report.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            debug(line, e);
            if (e instanceof CommandLine.TypeConversionException) {
                line.getErr().println("tomldns " + line.getCommandName() + ": " + withoutJava(e.getMessage()));
                line.getErr().println("Try 'tomldns " + line.getCommandName() + " --help'.");
                return USAGE;
            }
            line.getErr().println("tomldns " + line.getCommandName() + ": " + describe(e));
            return 1;
        });
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((e, args) -> {
            // picocli words a failed conversion with the converter's exception ("...: java.nio.file.Invalid
            // PathException: Nul character not allowed"): the same error without the class name.
            String said = e.getMessage() == null ? "" : e.getMessage();
            String plain = withoutJava(said);
            if (plain.equals(said)) {
                return usage.handleParseException(e, args);
            }
            CommandLine where = e.getCommandLine();
            where.getErr().println("tomldns " + where.getCommandName() + ": " + plain);
            where.getErr().println("Try 'tomldns " + where.getCommandName() + " --help'.");
            return USAGE;
        });
        return cl;
    }

    /** Qualified exception class names with their colon ({@code java.nio.file.InvalidPathException: }). */
    private static final java.util.regex.Pattern JAVA_CLASS =
            java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:? ?");

    private static String withoutJava(String message) {
        return message == null ? "" : dev.tomldns.zone.Diagnostic.printable(JAVA_CLASS.matcher(message).replaceAll(""),
                dev.tomldns.zone.Diagnostic.MAX_MESSAGE);
    }

    /**
     * What went wrong, in a user's words: the message of an error the program raised for the user (a bad address, a
     * file that cannot be read), else what kind of failure it was, and never a message written for programmers
     * (a NullPointerException's "Cannot invoke ... because ...", a class name).
     */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause instanceof java.util.concurrent.ExecutionException
                        || cause instanceof java.io.UncheckedIOException
                        || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        if (cause instanceof StackOverflowError) {
            return "internal error: the input is nested too deeply to process (a bug in tomldns: please report"
                    + " the command and its input)";
        }
        if (cause instanceof OutOfMemoryError) {
            return "out of memory: the input is too large for the heap (raise it with -Xmx)";
        }
        if (cause instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (cause instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (cause instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
        }
        if (cause instanceof java.net.BindException) {
            return "cannot listen: " + withoutJava(cause.getMessage());
        }
        String message = cause.getMessage();
        boolean forUsers = cause instanceof java.io.IOException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException || cause instanceof UnsupportedOperationException;
        if (forUsers && message != null && !message.isBlank() && !programmersWords(message)
                && !(cause instanceof NumberFormatException)) {
            return withoutJava(message);
        }
        return "internal error (a bug in tomldns: please report the command and its input; TOMLDNS_DEBUG=1 shows"
                + " the details)";
    }

    /** Text only a program's insides say: class names, method calls, the JDK's helpful NullPointerException words. */
    private static boolean programmersWords(String message) {
        return message.contains("java.") || message.contains("Exception") || message.contains("com.fasterxml")
                || message.contains("org.xbill") || message.contains("dev.tomldns") || message.contains("because \"")
                || message.contains("()") || message.contains("`");
    }

    /** With {@code TOMLDNS_DEBUG} set, the stack trace too (for a bug report). */
    private static void debug(CommandLine cl, Throwable e) {
        String debug = System.getenv("TOMLDNS_DEBUG");
        if (debug != null && !debug.isEmpty() && !debug.equals("0")) {
            e.printStackTrace(cl.getErr());
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
