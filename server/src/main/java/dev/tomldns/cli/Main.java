package dev.tomldns.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tomldns} command line: {@code serve}, {@code check} and the commands that grow beside them. */
@Command(name = "tomldns", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "An authoritative DNS server for zones written in TOML.",
        subcommands = {ServeCommand.class, CheckCommand.class, CaaCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
