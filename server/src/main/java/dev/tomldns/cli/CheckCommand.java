package dev.tomldns.cli;

import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns check [--zones DIR | FILE...]}: validates zone files like {@code named-checkzone} and
 * {@code kzonecheck}. Prints {@code file:line: message} per finding; exits 0 when clean, 1 on any error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate zone files; print file:line: message for each problem. Exit 0 clean, 1 errors.")
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--zones", paramLabel = "DIR", description = "Folder of *.toml zone files (default: zones).")
    Path zones;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Zone files to check instead of a folder.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> targets;
        try {
            targets = files != null && !files.isEmpty() ? files : ZoneDirectory.list(zones == null ? Path.of("zones") : zones);
        } catch (IOException e) {
            err.println((zones == null ? "zones" : zones) + ": cannot read zones folder: " + e.getMessage());
            return 1;
        }
        if (targets.isEmpty()) {
            err.println("no zone files (*.toml) to check");
            return 1;
        }
        List<ZoneFile> results = ZoneDirectory.readAll(targets, new ZoneFileReader());
        int errors = 0;
        for (ZoneFile zf : results) {
            for (Diagnostic d : zf.diagnostics()) {
                out.println(d);
                if (d.isError()) {
                    errors++;
                }
            }
            if (zf.ok()) {
                out.println(zf.file() + ": zone " + zf.zone().origin() + " serial " + zf.zone().serial()
                        + (zf.managedSerial() ? " (managed)" : "") + ": OK, " + zf.zone().records().size()
                        + " records");
            }
        }
        out.flush();
        if (errors > 0) {
            err.println(errors + " error(s)");
            err.flush();
            return 1;
        }
        return 0;
    }
}
