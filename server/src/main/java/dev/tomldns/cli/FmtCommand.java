package dev.tomldns.cli;

import dev.tomldns.edit.ImportException;
import dev.tomldns.edit.OutputFile;
import dev.tomldns.edit.ZoneFormatter;
import dev.tomldns.zone.ZoneDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns fmt [--check] [--zones DIR | FILE...]}: rewrites zone files in the canonical layout
 * ({@link ZoneFormatter}), keeping comments and blank-line groups, never changing what a file serves. With
 * {@code --check} nothing is written: exit 1 when a file is not formatted (for pre-commit hooks and CI).
 */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = "Write zone files in the canonical layout (comments kept; what is served never changes).")
public final class FmtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--zones", paramLabel = "DIR", description = "Folder of *.toml zone files (default: zones).")
    Path zones;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Zone files to format instead of a folder.")
    List<Path> files;

    @Option(names = "--check", description = "Write nothing; list the files not formatted and exit 1 if any.")
    boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> targets;
        Path folder = zones == null ? Path.of("zones") : zones;
        try {
            targets = files != null && !files.isEmpty() ? files : ZoneDirectory.list(folder);
        } catch (IOException e) {
            err.println(folder + ": cannot read zones folder: " + e.getMessage());
            return 1;
        }
        if (targets.isEmpty()) {
            err.println("no zone files (*.toml) to format");
            return 1;
        }
        int failed = 0;
        int unformatted = 0;
        for (Path file : targets) {
            try {
                String text = read(file);
                String formatted = ZoneFormatter.format(file, text);
                if (formatted.equals(text)) {
                    continue;
                }
                unformatted++;
                if (check) {
                    out.println(file + ": not formatted (tomldns fmt " + file + ")");
                } else {
                    OutputFile.write(file, formatted, true);
                    out.println(file + ": formatted");
                }
            } catch (ImportException e) {
                err.println(e.getMessage());
                failed++;
            }
        }
        out.flush();
        err.flush();
        return failed > 0 || (check && unformatted > 0) ? 1 : 0;
    }

    private static String read(Path file) throws ImportException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportException(file + ": not valid UTF-8 (TOML files are UTF-8); left as it is");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImportException(file + ": no such file");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage());
        }
    }
}
