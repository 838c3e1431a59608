package dev.tomldns.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zone scale: for generated zones of 10k, 100k and 1M records, how long each server takes from start until it
 * answers an SOA query (load time, process start included), and how much memory it then holds (proportional set
 * size of its process group, and the peak resident set). tomldns beside NSD and Knot when installed, all pinned to
 * the same CPU.
 *
 * <pre>java -cp bench/target/tomldns-bench.jar dev.tomldns.bench.ZoneScale [--records 10000,100000,1000000]</pre>
 */
public final class ZoneScale {
    private ZoneScale() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = SideBySide.options(args);
        List<Integer> sizes = Arrays.stream(o.getOrDefault("records", "10000,100000,1000000").split(","))
                .map(Integer::parseInt).toList();
        String ours = o.getOrDefault("ours",
                "bin/tomldns serve --zones {zones} --listen 127.0.0.1:{port}");
        int cpu = Runtime.getRuntime().availableProcessors() >= 2
                ? Integer.parseInt(o.getOrDefault("server-cpu", "1")) : -1;
        List<String> servers = new ArrayList<>();
        for (String s : o.getOrDefault("servers", "ours,nsd,knot").split(",")) {
            if (s.equals("nsd") && !ServerProcess.installed("nsd")
                    || s.equals("knot") && !ServerProcess.installed("knotd")) {
                System.err.println("note: " + s + " not installed, skipped");
                continue;
            }
            servers.add(s);
        }
        int port = Integer.parseInt(o.getOrDefault("port-base", "15400"));
        boolean reload = o.containsKey("reload");
        Path work = Files.createTempDirectory("tomldns-scale");
        StringBuilder table = new StringBuilder(String.format("%-9s %-6s %8s %10s %10s %9s  %s%n", "records",
                "server", "load s", "PSS MiB", "peak MiB", "B/record", "ours vs peer: load time, memory"));
        StringBuilder reloadTable = new StringBuilder(String.format("%-9s %-6s %8s %16s %15s  %s%n", "records",
                "server", "reload s", "peak during MiB", "PSS after MiB", "ours vs peer: time, peak, PSS"));
        Map<String, double[]> reloads = new LinkedHashMap<>();
        for (int records : sizes) {
            Path dir = Files.createDirectories(work.resolve("z" + records));
            Path zones = Files.createDirectories(dir.resolve("zones"));
            BenchZone z = BenchZone.ofRecords("bench.test.", records, 1);
            Path tomlFile = z.writeToml(zones);
            Path zoneFile = z.writeRfc1035(dir);
            Map<String, double[]> got = new LinkedHashMap<>();
            for (String s : servers) {
                port = ServerProcess.freePort(port);
                String kind = s.equals("nsd") || s.equals("knot") ? s : "ours";
                long t0 = System.nanoTime();
                try (ServerProcess p = ServerProcess.start(s, kind, ours, zones, zoneFile, z.origin, port, cpu,
                        dir)) {
                    if (!p.awaitReady(z.origin, 600_000)) {
                        throw new IllegalStateException(s + " did not answer; see " + p.dir.resolve("server.log"));
                    }
                    double load = (System.nanoTime() - t0) / 1e9;
                    // Memory once the server has settled, as after a reload: tomldns lints a zone (no --strict) and then
                    // trims its heap after the first answer, which for a million records took 2-3 s on one CPU.
                    Thread.sleep(5000);
                    double pss = p.pssKiB() / 1024.0;
                    double peak = p.peakRssKiB() / 1024.0;
                    got.put(s, new double[] {load, pss, peak});
                    System.err.printf(Locale.ROOT, "%d records, %s: %.2f s, %.0f MiB%n", z.recordCount(), s, load,
                            pss);
                    if (reload) {
                        reloads.put(s, reload(p, kind.equals("ours") ? tomlFile : zoneFile, z.origin));
                    }
                } finally {
                    Path changed = kind.equals("ours") ? tomlFile : zoneFile;
                    if (reload && Files.readString(changed).contains(Long.toString(BenchZone.SERIAL + 1))) {
                        // As generated, for the next server (this one has stopped, so it reads nothing).
                        replaceFirst(changed, Long.toString(BenchZone.SERIAL + 1), Long.toString(BenchZone.SERIAL));
                    }
                }
                port++;
            }
            double[] us = got.get("ours");
            double[] usReload = reloads.get("ours");
            for (var e : reloads.entrySet()) {
                double[] v = e.getValue();
                String ratio = usReload != null && v != usReload ? String.format(Locale.ROOT,
                        "vs %s: %.2f, %.2f, %.2f", e.getKey(), usReload[0] / v[0], usReload[1] / v[1],
                        usReload[2] / v[2]) : "";
                reloadTable.append(String.format(Locale.ROOT, "%-9d %-6s %8.2f %16.0f %15.0f  %s%n",
                        z.recordCount(), e.getKey(), v[0], v[1], v[2], ratio));
            }
            reloads.clear();
            for (var e : got.entrySet()) {
                double[] v = e.getValue();
                String ratio = us != null && v != us ? String.format(Locale.ROOT, "vs %s: %.2f, %.2f", e.getKey(),
                        us[0] / v[0], us[1] / v[1]) : "";
                table.append(String.format(Locale.ROOT, "%-9d %-6s %8.2f %10.0f %10.0f %9.0f  %s%n",
                        z.recordCount(), e.getKey(), v[0], v[1], v[2], v[1] * 1024 * 1024 / z.recordCount(), ratio));
            }
        }
        System.out.print(table);
        if (reload) {
            System.out.print("\nreload with the serial raised by one:\n" + reloadTable);
        }
    }

    /**
     * Raises the zone's serial in {@code file}, signals the server, waits for the new serial; then reads the peak
     * during the reload and the PSS after it.
     */
    private static double[] reload(ServerProcess p, Path file, String origin) throws Exception {
        String before = Long.toString(BenchZone.SERIAL);
        String after = Long.toString(BenchZone.SERIAL + 1);
        p.resetPeak();
        replaceFirst(file, before, after);
        long t0 = System.nanoTime();
        p.reload();
        if (!p.awaitSerial(origin, BenchZone.SERIAL + 1, 600_000)) {
            throw new IllegalStateException(p.label + " did not reload; see " + p.dir.resolve("server.log"));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(5000);
        return new double[] {seconds, p.peakRssKiB() / 1024.0, p.pssKiB() / 1024.0};
    }

    /**
     * The serial's first occurrence is the SOA's, near the top of both the TOML and the RFC 1035 file. Written
     * to a hidden file and renamed over the zone file, as editors do, so no server reads half a file.
     */
    private static void replaceFirst(Path file, String from, String to) throws java.io.IOException {
        String text = Files.readString(file);
        int at = text.indexOf(from);
        if (at < 0) {
            throw new IllegalStateException(from + " not in " + file);
        }
        Path tmp = file.resolveSibling(".scale-" + file.getFileName());
        Files.writeString(tmp, text.substring(0, at) + to + text.substring(at + from.length()));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
