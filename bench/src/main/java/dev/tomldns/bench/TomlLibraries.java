package dev.tomldns.bench;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.moandjiezana.toml.Toml;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the zone reader uses jackson-dataformat-toml and not toml4j (the library the design first named): parses
 * generated zones of growing size with both and prints seconds per parse. toml4j's time grows faster than
 * linearly with the number of {@code [[records]]} tables; jackson's stays linear.
 *
 * <pre>java -cp bench/target/tomldns-bench.jar dev.tomldns.bench.TomlLibraries [records...]</pre>
 *
 * toml4j is stopped once one parse takes longer than {@code --toml4j-limit} seconds (default 30).
 */
public final class TomlLibraries {
    private TomlLibraries() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        double toml4jLimit = 30;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--toml4j-limit")) {
                toml4jLimit = Double.parseDouble(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(2_000, 8_000, 17_111, 100_000, 1_000_000);
        }
        Path dir = Files.createTempDirectory("tomldns-toml");
        TomlMapper jackson = new TomlMapper();
        System.out.printf("%-9s %-9s %12s %12s %14s%n", "records", "MB", "toml4j s", "jackson s", "ZoneFileReader s");
        boolean toml4jDone = false;
        for (int records : sizes) {
            BenchZone z = BenchZone.ofRecords("bench.test.", records, 1);
            Path file = z.writeToml(dir);
            String text = Files.readString(file);
            // One untimed parse each of a small zone warms the JIT for both libraries.
            String warm = Files.readString(BenchZone.ofRecords("warm.test.", 500, 1).writeToml(dir));
            jackson.readTree(warm);
            new Toml().read(warm);
            double j = time(() -> jackson.readTree(text));
            double t = Double.NaN;
            if (!toml4jDone) {
                t = time(() -> new Toml().read(text));
                toml4jDone = t > toml4jLimit;
            }
            double r = time(() -> {
                ZoneFile zf = new ZoneFileReader().read(file);
                if (!zf.ok()) {
                    throw new IllegalStateException(zf.diagnostics().toString());
                }
            });
            System.out.printf("%-9d %-9.1f %12s %12.2f %14.2f%n", z.recordCount(), text.length() / 1e6,
                    Double.isNaN(t) ? "skipped" : String.format("%.2f", t), j, r);
            Files.delete(file);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
