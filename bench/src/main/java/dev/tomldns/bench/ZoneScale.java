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
                "java -jar server/target/tomldns.jar serve --zones {zones} --listen 127.0.0.1:{port}");
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
        Path work = Files.createTempDirectory("tomldns-scale");
        StringBuilder table = new StringBuilder(String.format("%-9s %-6s %8s %10s %10s %9s  %s%n", "records",
                "server", "load s", "PSS MiB", "peak MiB", "B/record", "ours vs peer: load time, memory"));
        for (int records : sizes) {
            Path dir = Files.createDirectories(work.resolve("z" + records));
            Path zones = Files.createDirectories(dir.resolve("zones"));
            BenchZone z = BenchZone.ofRecords("bench.test.", records, 1);
            z.writeToml(zones);
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
                    Thread.sleep(2000); // let the post-load garbage settle (JVM) before reading memory
                    double pss = p.pssKiB() / 1024.0;
                    double peak = p.peakRssKiB() / 1024.0;
                    got.put(s, new double[] {load, pss, peak});
                    System.err.printf(Locale.ROOT, "%d records, %s: %.2f s, %.0f MiB%n", z.recordCount(), s, load,
                            pss);
                }
                port++;
            }
            double[] us = got.get("ours");
            for (var e : got.entrySet()) {
                double[] v = e.getValue();
                String ratio = us != null && v != us ? String.format(Locale.ROOT, "vs %s: %.2f, %.2f", e.getKey(),
                        us[0] / v[0], us[1] / v[1]) : "";
                table.append(String.format(Locale.ROOT, "%-9d %-6s %8.2f %10.0f %10.0f %9.0f  %s%n",
                        z.recordCount(), e.getKey(), v[0], v[1], v[2], v[1] * 1024 * 1024 / z.recordCount(), ratio));
            }
        }
        System.out.print(table);
    }
}
