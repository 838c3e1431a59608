package dev.tomldns.bench;

import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * The zone reader alone: {@link ZoneFileReader#read} of one file, {@code times} times in one JVM (the first is what
 * a starting server pays, later ones show the warmed-up cost), each with its wall time, the reading thread's CPU
 * time and the garbage-collection pauses within it. Run it under {@code /usr/bin/time -v} for the peak RSS and with
 * {@code taskset -c 1} to compare runs on a shared machine; the CPU time is the figure least disturbed by other load.
 *
 * <pre>java -cp bench/target/tomldns-bench.jar dev.tomldns.bench.ZoneFileRead FILE [times]</pre>
 */
public final class ZoneFileRead {
    private ZoneFileRead() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ZoneFileRead FILE [times]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int times = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 1; i <= times; i++) {
            long gc = gcMillis();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            ZoneFile zf = new ZoneFileReader().read(file);
            System.out.printf("read %d: %d ms wall, %d ms CPU (reading thread), %d ms GC pauses; %s, %d records, "
                            + "%d diagnostics%n", i, (System.nanoTime() - start) / 1_000_000,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000, gcMillis() - gc,
                    zf.ok() ? "zone ok" : "no zone", zf.records().size(), zf.diagnostics().size());
        }
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
