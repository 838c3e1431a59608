package dev.tomldns.cli;

import dev.tomldns.edit.ImportException;
import dev.tomldns.edit.MasterFileWriter;
import dev.tomldns.edit.OutputFile;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tomldns export FILE}: a TOML zone as an RFC 1035 zone file (for BIND, NSD, Knot, or a provider's import).
 * A zone with errors is not exported (they are printed as {@code check} prints them). Exit 0 done, 1 on errors.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a TOML zone file as an RFC 1035 zone file (what named-checkzone and kzonecheck read).")
public final class ExportCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The TOML zone file.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (default: standard output).")
    Path output;

    @Option(names = "--force", description = "Overwrite the --output file when it exists.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZoneFile zf = new ZoneFileReader().read(file);
        if (!zf.ok()) {
            zf.diagnostics().stream().filter(Diagnostic::isError).forEach(err::println);
            err.println("tomldns export: " + file + " has errors; nothing exported");
            err.flush();
            return 1;
        }
        try {
            String text = MasterFileWriter.write(zf.zone(), "zone " + zf.zone().origin() + " exported from "
                    + file.getFileName() + " by tomldns");
            if (output != null) {
                OutputFile.write(output, text, force);
            } else {
                out.print(text);
                out.flush();
            }
            return 0;
        } catch (ImportException e) {
            err.println("tomldns export: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
