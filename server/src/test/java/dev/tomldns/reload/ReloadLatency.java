package dev.tomldns.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Time from writing a zone file to the first UDP answer with the new data: each edit puts a new TXT string
 * {@code edit-N} into the zone, then the server is asked every millisecond until it answers with it.
 *
 * <p>Also a bench: {@code ReloadLatency ZONE_FILE [EDITS] [--managed]} copies a file (such as the 10,000-name zone
 * of {@code gen-zone.py}) into a fresh folder, serves it and prints median and worst.
 */
final class ReloadLatency {
    private static final Duration BOUND = Duration.ofSeconds(10);
    /**
     * The first edits after start run the parser's code cold (interpreted, before the JIT compiles it) and cost
     * several times a warm reload; they are printed but not counted.
     */
    static final int WARMUP_EDITS = 2;

    /**
     * Per edit, sorted: milliseconds from the write to the first new answer, and the CPU milliseconds the reload
     * thread spent on the reload that brought it in (what the edit costs on an idle core).
     */
    record Result(List<Long> wallMs, List<Long> reloadCpuMs) {
        long median() {
            return wallMs.get(wallMs.size() / 2);
        }

        long worst() {
            return wallMs.get(wallMs.size() - 1);
        }

        long medianCpu() {
            return reloadCpuMs.get(reloadCpuMs.size() / 2);
        }

        long worstCpu() {
            return reloadCpuMs.get(reloadCpuMs.size() - 1);
        }

        @Override
        public String toString() {
            return wallMs.size() + " edits, write->answer median " + median() + " ms, worst " + worst()
                    + " ms; reload cpu median " + medianCpu() + " ms, worst " + worstCpu() + " ms (all cpu " + reloadCpuMs
                    + ")";
        }
    }

    static Result measure(LiveServer s, Path file, String qname, IntFunction<String> edit, int edits)
            throws Exception {
        List<Long> ms = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            s.ask(qname, Type.TXT); // warm the query path up before timing anything
        }
        for (int n = 1; n <= edits; n++) {
            String text = edit.apply(n);
            boolean warmup = n <= WARMUP_EDITS;
            String expect = "edit-" + n;
            long t0 = System.nanoTime();
            LiveServer.writeAtomically(file, text);
            long deadline = t0 + BOUND.toNanos();
            while (true) {
                Message m = s.ask(qname, Type.TXT);
                if (carries(m, expect)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(expect + " not served within " + BOUND + "; last answer: " + m);
                }
                Thread.sleep(1);
            }
            long took = (System.nanoTime() - t0) / 1_000_000;
            long reloadCpu = s.hot.reloader().state().cpu().toMillis();
            if (warmup) {
                System.out.printf("warm-up edit %d: write->answer %d ms, reload cpu %d ms (not counted)%n", n, took,
                        reloadCpu);
            } else {
                ms.add(took);
                cpu.add(reloadCpu);
            }
            Thread.sleep(100 + n % 7 * 10); // let the watcher settle, so edits are not joined into one
        }
        Collections.sort(ms);
        Collections.sort(cpu);
        return new Result(ms, cpu);
    }

    /** Whether a TXT string of the answer ends with the word {@code token}. */
    private static boolean carries(Message m, String token) {
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord t && String.join("", t.getStrings()).matches("(.* )?" + token)) {
                return true;
            }
        }
        return false;
    }

    /** An edit that appends a probe TXT record to a file written with {@code [[records]]} tables. */
    static IntFunction<String> appendProbe(String base) {
        return n -> base + "\n[[records]]\nname = \"reload-probe\"\ntype = \"TXT\"\ntext = \"edit-" + n + "\"\n";
    }

    /** An edit that changes an existing TXT string {@code token} to {@code token edit-N}. */
    static IntFunction<String> changeTxt(String base, String token) {
        if (!base.contains("\"" + token + "\"")) {
            throw new IllegalArgumentException("no TXT \"" + token + "\"");
        }
        return n -> base.replace("\"" + token + "\"", "\"" + token + " edit-" + n + "\"");
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int edits = (args.length > 1 ? Integer.parseInt(args[1]) : 50) + WARMUP_EDITS;
        boolean managed = List.of(args).contains("--managed");
        Path dir = Files.createTempDirectory("tomldns-latency");
        Path file = dir.resolve(source.getFileName());
        String base = Files.readString(source);
        if (managed) {
            base = base.replaceAll("(?m)^serial\\s*=.*$", "");
        }
        Files.writeString(file, base);
        String origin = base.replaceAll("(?s).*?origin\\s*=\\s*\"([^\"]+)\".*", "$1");
        try (LiveServer s = LiveServer.start(dir)) {
            Result r = measure(s, file, "reload-probe." + origin, appendProbe(base), edits);
            System.out.printf("%s (%d bytes, %s serial): %s; all write->answer %s%n", source.getFileName(),
                    base.length(), base.matches("(?sm).*^serial\\s*=.*") ? "explicit" : "managed", r, r.wallMs());
            System.out.printf("RESULT median=%d worst=%d cpuMedian=%d cpuWorst=%d%n", r.median(), r.worst(),
                    r.medianCpu(), r.worstCpu());
        }
    }
}
