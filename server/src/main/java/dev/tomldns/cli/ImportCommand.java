package dev.tomldns.cli;

import dev.tomldns.edit.AxfrSource;
import dev.tomldns.edit.ImportException;
import dev.tomldns.edit.MasterFileSource;
import dev.tomldns.edit.OutputFile;
import dev.tomldns.edit.ZoneImport;
import dev.tomldns.edit.ZoneSource;
import dev.tomldns.security.TsigKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns import FILE | --from ADDR:PORT --origin NAME}: an RFC 1035 zone file, or a zone transferred (AXFR)
 * from a live primary, as a TOML zone file. Prints the TOML, or writes it with {@code --output} (never over an
 * existing file without {@code --force}). Exit 0 done, 1 when the source cannot be read or the zone would not pass
 * {@code check} (the TOML is still written, so nothing is lost), 2 on a bad command line.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Make a TOML zone file from an RFC 1035 zone file or a live zone transfer (AXFR).")
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The RFC 1035 zone file (BIND, NSD, Knot).")
    Path file;

    @Option(names = "--from", paramLabel = "ADDR:PORT", converter = AddressConverter.class,
            description = "Transfer the zone (AXFR) from this primary instead of reading a file.")
    InetSocketAddress from;

    @Option(names = "--origin", paramLabel = "NAME",
            description = "The zone's name (required with --from; for a file, default: the file name without "
                    + ".zone/.db, as names before any $ORIGIN are relative to it).")
    String origin;

    @Option(names = "--tsig", paramLabel = "[ALG:]NAME:SECRET",
            description = "Sign the transfer with this TSIG key (dig -y syntax; ALG default hmac-sha256).")
    String tsig;

    @Option(names = "--tsig-file", paramLabel = "FILE",
            description = "Read the TSIG key ([ALG:]NAME:SECRET, first line) from this file, not the command line.")
    Path tsigFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the TOML here (default: standard output).")
    Path output;

    @Option(names = "--force", description = "Overwrite the --output file when it exists.")
    boolean force;

    /** picocli converter for ADDR:PORT. */
    static final class AddressConverter implements picocli.CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return ListenAddress.parse(value);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((file == null) == (from == null)) {
            err.println("tomldns import: give a zone FILE or --from ADDR:PORT (one of them)");
            return Main.USAGE;
        }
        if (from != null && origin == null) {
            err.println("tomldns import: --from needs --origin (the zone to transfer)");
            return Main.USAGE;
        }
        if (file != null && (tsig != null || tsigFile != null)) {
            err.println("tomldns import: --tsig and --tsig-file are for --from");
            return Main.USAGE;
        }
        List<String> notes = new ArrayList<>();
        try {
            Name zone = origin != null ? name(origin) : file != null ? name(guessOrigin(file)) : null;
            ZoneSource source = file != null
                    ? MasterFileSource.read(file, zone, notes)
                    : AxfrSource.transfer(from, zone, key());
            if (file != null && origin == null && !mentionsOrigin(file)) {
                notes.add(file + ": origin " + source.origin() + (source.origin().equals(zone)
                        ? " (from the file name; --origin sets another)" : " (from its SOA record)"));
            }
            Path name = output != null ? output : Path.of(source.origin() + "toml");
            ZoneImport result = ZoneImport.of(source, name);
            if (output != null) {
                OutputFile.write(output, result.toml(), force);
            } else {
                out.print(result.toml());
                out.flush();
            }
            notes.forEach(err::println);
            result.problems().forEach(p -> err.println("warning: the imported zone does not pass check: " + p));
            err.flush();
            return result.problems().isEmpty() ? 0 : 1;
        } catch (ImportException e) {
            notes.forEach(err::println);
            err.println("tomldns import: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The zone name a file's name implies: {@code example.net.zone}, {@code db.example.net}, {@code example.net}. */
    static String guessOrigin(Path file) {
        String n = file.getFileName().toString();
        for (String suffix : new String[] {".zone", ".db", ".txt"}) {
            if (n.endsWith(suffix)) {
                n = n.substring(0, n.length() - suffix.length());
            }
        }
        return n.startsWith("db.") ? n.substring(3) : n;
    }

    /** Whether the file sets {@code $ORIGIN} itself (then the guess from its name is no surprise worth a note). */
    private static boolean mentionsOrigin(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT)
                    .contains("$ORIGIN");
        } catch (IOException e) {
            return false;
        }
    }

    private static Name name(String text) throws ImportException {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new ImportException("bad zone name '" + text + "': " + e.getMessage());
        }
    }

    /** The TSIG key of {@code --tsig} or {@code --tsig-file}, or null. */
    private TSIG key() throws ImportException {
        String spec = tsig;
        if (tsigFile != null) {
            try {
                spec = Files.readAllLines(tsigFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                        .findFirst().orElse("").trim();
            } catch (IOException e) {
                throw new ImportException(tsigFile + ": cannot read: " + e.getMessage());
            }
        }
        if (spec == null) {
            return null;
        }
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new ImportException("TSIG key must be [ALG:]NAME:SECRET (e.g. hmac-sha256:xfr-key:c2VjcmV0)");
        }
        String alg = parts.length == 3 ? parts[0] : "hmac-sha256";
        try {
            return TsigKey.of(parts[parts.length - 2], alg, parts[parts.length - 1]).toTsig();
        } catch (IllegalArgumentException e) {
            throw new ImportException("TSIG key: " + e.getMessage());
        }
    }
}
