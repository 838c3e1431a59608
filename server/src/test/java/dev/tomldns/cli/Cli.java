package dev.tomldns.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the real command line in-process and captures what it prints; writes zone files for it to read. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Writes {@code <origin>.toml} with an SOA and the given {@code [[records]]} TOML. */
    public static Path zone(Path dir, String origin, String records) {
        String text = "origin = \"" + origin + ".\"\n"
                + "[soa]\nmname = \"ns1." + origin + ".\"\nrname = \"hostmaster." + origin + ".\"\nserial = 1\n\n"
                + "[[records]]\nname = \"@\"\ntype = \"NS\"\ndata = \"ns1." + origin + ".\"\n\n"
                + "[[records]]\nname = \"@\"\ntype = \"A\"\ndata = \"192.0.2.1\"\n\n"
                + records;
        try {
            Path file = dir.resolve(origin + ".toml");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CAA record in the structured form. */
    static String caa(String name, int flags, String tag, String tomlValue) {
        return "[[records]]\nname = \"" + name + "\"\ntype = \"CAA\"\nflags = " + flags + "\ntag = \"" + tag
                + "\"\nvalue = \"" + tomlValue + "\"\n\n";
    }

    static String record(String name, String type, String data) {
        return "[[records]]\nname = \"" + name + "\"\ntype = \"" + type + "\"\ndata = \"" + data + "\"\n\n";
    }
}
