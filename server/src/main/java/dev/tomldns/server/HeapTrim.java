package dev.tomldns.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the memory that loading needed, and no longer does, back to the system once the first load is done.
 *
 * <p>Reading a large zone makes garbage (the file's text, parsed records) far beyond what the loaded zones keep,
 * and the JVM keeps the heap it grew to: a million-record zone left over a GiB committed for ~100 MiB of live data.
 * So once the zones are loaded, the heap's free-space bounds are tightened (the manageable {@code MinHeapFreeRatio}
 * and {@code MaxHeapFreeRatio}, unless the operator set them) and the heap is collected until it stops shrinking
 * (the serial collector, which the JVM picks on one CPU, shrinks in damped steps over several full collections;
 * G1 in one). This runs once the first load's policy lint is done (it runs after the zones are answered, and it
 * holds records and makes garbage too), so the collections stop the event loops once: milliseconds for small
 * zones, 140-170 ms on one CPU for a million records.
 *
 * <p>A reload or transfer of a large zone grows the heap the same way (old and new zone live together, plus the
 * new one's garbage): a million-record zone's reload left the process at three to four times the memory it had
 * after the first load. So a little after a swap that grew the committed heap by more than {@link #GROWTH_FLOOR}
 * since the last trim, the heap is trimmed again. These collections stop the event loops: the
 * queries that arrive meanwhile wait in the socket buffers (for a million records, about 35 ms with G1 on two CPUs
 * and 135 ms with the serial collector on one; once per such reload). Small zones never grow the heap that much
 * and never pay it. (G1's periodic concurrent collection would avoid the pause but, once enabled, runs every
 * interval on an idle server, and the serial collector has none.)
 */
final class HeapTrim {
    private static final Logger log = LoggerFactory.getLogger(HeapTrim.class);
    private static final int MAX_COLLECTIONS = 4;
    /** Growth of the committed heap below which a swap is not worth full collections. */
    static final long GROWTH_FLOOR = 64L << 20;
    /** How long after a swap the trim waits. */
    private static final long SWAP_DELAY_MS = 2000;
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-trim");
        t.setDaemon(true);
        return t;
    });
    /** Committed heap after the last trim. */
    private static long trimmed;
    /** Heap in use after the last trim that found nothing held over (see {@link #trimIfGrown}). */
    private static long settled;
    /** The last trim found much more in use than {@link #settled}: the next one runs whatever the growth. */
    private static boolean heldOver;
    private static ScheduledFuture<?> pending;

    private HeapTrim() {
    }

    /** After the first load and its policy lint, on the thread that ran them. */
    static synchronized void afterLoad() {
        settled = trim("loading");
    }

    /**
     * After a catalog swap (reload, transfer): a trim a little later, when the heap grew much since the last one.
     * Later, because the swapping thread and queries in flight still hold the old catalog; repeated swaps within
     * the delay make one trim. Also called when a reload's policy lint (which runs after its swap) is done, so the
     * trim comes after it.
     */
    static synchronized void afterSwap() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = LATER.schedule(HeapTrim::trimIfGrown, SWAP_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The trim after a swap. When it finds much more in use than the last settled trim did, something of the reload
     * was still held: for a million-record zone on one CPU, its policy lint (which runs after the swap, holds the
     * zone's policy records and took more than the 2 s delay) or the old version while the fast path's index of the
     * new one was built; the reload was then left at 441 MiB PSS. So it runs once more a little later (and a lint
     * that ends meanwhile moves it to 2 s after its end), and what that one finds counts as settled (a zone that
     * really grew stays grown).
     */
    private static synchronized void trimIfGrown() {
        pending = null;
        if (!heldOver && committed() - trimmed < GROWTH_FLOOR) {
            return;
        }
        boolean again = heldOver;
        long used = trim(again ? "reload (again: the first found much still held)" : "reload");
        heldOver = !again && used - settled >= GROWTH_FLOOR;
        if (heldOver) {
            pending = LATER.schedule(HeapTrim::trimIfGrown, SWAP_DELAY_MS, TimeUnit.MILLISECONDS);
        } else {
            settled = used;
        }
    }

    /** Collects until the heap stops shrinking; returns the heap in use after it. */
    private static long trim(String after) {
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
        trimmed = heap.getCommitted();
        log.info("heap after {}: {} MiB used, {} MiB committed (was {} MiB), trimmed in {} ms", after,
                heap.getUsed() >> 20, heap.getCommitted() >> 20, before >> 20, (System.nanoTime() - t0) / 1_000_000);
        return heap.getUsed();
    }

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /**
     * Free-space bounds after a full collection: 10-20% of the heap instead of the JVM's default 40-70%. (With 30%
     * as the upper bound, a million-record zone settled at 293 MiB PSS; with 20%, at 265 MiB.)
     */
    private static void tighten() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // Min first: the JVM refuses a MaxHeapFreeRatio below the current MinHeapFreeRatio.
            setUnlessOperatorDid(vm, "MinHeapFreeRatio", "10");
            setUnlessOperatorDid(vm, "MaxHeapFreeRatio", "20");
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
