package dev.tomldns.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the memory that loading needed, and no longer does, back to the system before serving starts.
 *
 * <p>Reading a large zone makes garbage (the file's text, parsed records) far beyond what the loaded zones keep,
 * and the JVM keeps the heap it grew to: a million-record zone left over a GiB committed for ~100 MiB of live data.
 * So once the zones are loaded, the heap's free-space bounds are tightened (the manageable {@code MinHeapFreeRatio}
 * and {@code MaxHeapFreeRatio}, unless the operator set them) and the heap is collected until it stops shrinking
 * (the serial collector, which the JVM picks on one CPU, shrinks in damped steps over several full collections;
 * G1 in one). The collections run before the sockets open, so no query waits on them; with little live data each
 * takes milliseconds to a few hundred for a million-record zone.
 */
final class HeapTrim {
    private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);
    private static final int MAX_COLLECTIONS = 4;

    private HeapTrim() {
    }

    static void afterLoad() {
        long t0 = System.nanoTime();
        tighten();
        long before = committed();
        long last = before;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long now = committed();
            // The serial collector does not shrink on the first full collection after growing (its shrink factor
            // starts at 0%, then 10%, 40%, 100%): only a second collection that gives nothing back ends the loop.
            if (now >= last && i > 0) {
                break;
            }
            last = now;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        log.info("heap after loading: {} MiB used, {} MiB committed (was {} MiB), trimmed in {} ms",
                heap.getUsed() >> 20, heap.getCommitted() >> 20, before >> 20, (System.nanoTime() - t0) / 1_000_000);
    }

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /** Free-space bounds after a full collection: 10-30% of the heap instead of the JVM's default 40-70%. */
    private static void tighten() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // Min first: the JVM refuses a MaxHeapFreeRatio below the current MinHeapFreeRatio.
            setUnlessOperatorDid(vm, "MinHeapFreeRatio", "10");
            setUnlessOperatorDid(vm, "MaxHeapFreeRatio", "30");
        } catch (RuntimeException e) {
            log.debug("heap free ratios left as they are: {}", e.toString());
        }
    }

    private static void setUnlessOperatorDid(HotSpotDiagnosticMXBean vm, String flag, String value) {
        VMOption option = vm.getVMOption(flag);
        if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
            vm.setVMOption(flag, value);
        }
    }
}
