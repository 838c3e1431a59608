package dev.tomldns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tomldns beside NSD and Knot (those installed) on the same generated zone, driven by dnsperf over UDP and TCP, at
 * full load and at a fixed rate. Each server is pinned to one CPU and dnsperf to another when the machine has two
 * or more; tomldns gets a longer unmeasured warm-up (a JVM on one core needs 10-15 s for its JIT). Prints one row
 * per (server, transport, load) with queries/s, server CPU per query, latency percentiles and ratios to each peer.
 *
 * <pre>java -cp bench/target/tomldns-bench.jar dev.tomldns.bench.SideBySide [--help]</pre>
 */
public final class SideBySide {
    private static final Pattern LATENCY = Pattern.compile("^> \\S+ .* (\\d+\\.\\d+)$");

    private SideBySide() {
    }

    /** One measured run. */
    record Row(String server, String transport, int rate, double qps, double cpuPct, double usPerQuery,
            double p50ms, double p99ms, double p999ms, double lostPct, double genPct, double otherPct) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        if (o.containsKey("help")) {
            System.out.println("""
                    options (all optional):
                      --servers ours,nsd,knot   which servers (default: ours and every one installed)
                      --ours CMD                tomldns command, {zones} {port} replaced (default: bin/tomldns
                                                serve --zones {zones} --listen 127.0.0.1:{port}; JVM options:
                                                env JAVA_OPTS=-Xmx1g bin/tomldns ...)
                      --hosts N                 hosts in the generated zone (default 10000)
                      --duration S              measured seconds per run (default 10)
                      --rates LIST              comma list; 0 = as fast as possible (default 0,50000)
                      --transports LIST         udp,tcp (default udp,tcp)
                      --rounds R                repeat; medians are reported (default 1)
                      --warmup S / --ours-warmup S   unmeasured load first (default 2 / 15)
                      --clients C --outstanding Q    dnsperf -c / -q (default 10 / 100)
                      --server-cpu N --load-cpu N    pinning (default 1 / 0 when there are >= 2 CPUs)
                      --port-base P             first port tried (default 15400)
                      --out DIR                 results folder (default bench-results)""");
            return;
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        boolean pin = cpus >= 2;
        int serverCpu = pin ? Integer.parseInt(o.getOrDefault("server-cpu", "1")) : -1;
        int loadCpu = pin ? Integer.parseInt(o.getOrDefault("load-cpu", "0")) : -1;
        String ours = o.getOrDefault("ours",
                "bin/tomldns serve --zones {zones} --listen 127.0.0.1:{port}");
        List<String> servers = new ArrayList<>();
        for (String s : o.getOrDefault("servers", "ours,nsd,knot").split(",")) {
            if (s.equals("nsd") && !ServerProcess.installed("nsd")
                    || s.equals("knot") && !ServerProcess.installed("knotd")) {
                System.err.println("note: " + s + " not installed, skipped (apt-get install " + s + ")");
                continue;
            }
            servers.add(s);
        }
        if (!ServerProcess.installed("dnsperf")) {
            throw new IllegalStateException("dnsperf not found: apt-get install dnsperf");
        }
        int hosts = Integer.parseInt(o.getOrDefault("hosts", "10000"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "10"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "1"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "2"));
        int oursWarmup = Integer.parseInt(o.getOrDefault("ours-warmup", "15"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "10"));
        int outstanding = Integer.parseInt(o.getOrDefault("outstanding", "100"));
        int port = Integer.parseInt(o.getOrDefault("port-base", "15400"));
        List<Integer> rates = Arrays.stream(o.getOrDefault("rates", "0,50000").split(",")).map(Integer::parseInt)
                .toList();
        List<String> transports = List.of(o.getOrDefault("transports", "udp,tcp").split(","));
        Path out = Path.of(o.getOrDefault("out", "bench-results"));
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("tomldns-bench");
        Path zones = Files.createDirectories(work.resolve("zones"));
        BenchZone zone = new BenchZone("bench.test.", hosts, 1);
        zone.writeToml(zones);
        Path zoneFile = zone.writeRfc1035(work);
        Path queries = zone.writeQueries(work, 100_000);
        System.out.printf("zone: %d records; servers %s; %s; rates %s; %d s per run; %s%n", zone.recordCount(),
                servers, transports, rates, duration, pin ? "server on CPU " + serverCpu + ", dnsperf on CPU "
                        + loadCpu : "not pinned (fewer than 2 CPUs)");
        List<Row> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String s : servers) {
                port = ServerProcess.freePort(port);
                String kind = s.equals("nsd") || s.equals("knot") ? s : "ours";
                try (ServerProcess p = ServerProcess.start(s, kind, ours, zones, zoneFile, zone.origin, port,
                        serverCpu, work)) {
                    if (!p.awaitReady(zone.origin, 120_000)) {
                        throw new IllegalStateException(s + " did not answer; see " + p.dir.resolve("server.log"));
                    }
                    p.repin(serverCpu);
                    boolean first = true;
                    for (String t : transports) {
                        for (int rate : rates) {
                            int w = kind.equals("ours") && first ? oursWarmup : warmup;
                            first = false;
                            dnsperf(p, queries, t, rate, w, clients, outstanding, loadCpu, null);
                            Row r = measure(p, s, queries, t, rate, duration, clients, outstanding, loadCpu, out);
                            System.out.printf(Locale.ROOT, "round %d %-6s %s rate %-6d q/s %8.0f  cpu %5.1f%%"
                                    + "  %5.2f us/q  p99 %.3f ms  other %3.0f%%%n", round, s, t, rate, r.qps,
                                    r.cpuPct, r.usPerQuery, r.p99ms, r.otherPct);
                            rows.add(r);
                        }
                    }
                }
                port++;
            }
        }
        String table = table(rows, servers, transports, rates, rounds);
        System.out.print(table);
        Files.writeString(out.resolve("table.txt"), table);
        StringBuilder tsv = new StringBuilder("server\ttransport\trate\tqps\tcpu_pct\tus_per_query\tp50_ms\tp99_ms"
                + "\tp999_ms\tlost_pct\tother_pct\n");
        for (Row r : rows) {
            tsv.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%.0f\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.0f%n",
                    r.server, r.transport, r.rate, r.qps, r.cpuPct, r.usPerQuery, r.p50ms, r.p99ms, r.p999ms,
                    r.lostPct, r.otherPct));
        }
        Files.writeString(out.resolve("results.tsv"), tsv);
    }

    private static Row measure(ServerProcess p, String label, Path queries, String transport, int rate, int seconds,
            int clients, int outstanding, int loadCpu, Path out) throws Exception {
        long ticks0 = p.cpuTicks();
        long[] machine0 = machineTicks();
        long t0 = System.nanoTime();
        Path raw = out.resolve("dnsperf-" + label + "-" + transport + "-" + rate + ".txt");
        long genTicks = dnsperf(p, queries, transport, rate, seconds, clients, outstanding, loadCpu, raw);
        double wall = (System.nanoTime() - t0) / 1e9;
        long ticks = p.cpuTicks() - ticks0;
        long[] machine1 = machineTicks();
        double cpuPct = ticks / wall; // ticks are 1/100 s: ticks / s = % of one core
        double busyPct = (machine1[0] - machine0[0]) / wall;
        String text = Files.readString(raw);
        double completed = number(text, "Queries completed:\\s+(\\d+)");
        double sent = number(text, "Queries sent:\\s+(\\d+)");
        double qps = number(text, "Queries per second:\\s+([\\d.]+)");
        double[] lat = latencies(raw);
        double genPct = genTicks / wall;
        // Everything else the machine did meanwhile, in % of one core: noise to watch (rerun when high).
        double otherPct = Math.max(0, busyPct - cpuPct - genPct);
        return new Row(label, transport, rate, qps, cpuPct, completed > 0 ? ticks * 10_000.0 / completed : 0,
                pct(lat, 0.50), pct(lat, 0.99), pct(lat, 0.999), sent > 0 ? 100 * (sent - completed) / sent : 0,
                genPct, otherPct);
    }

    /** Runs dnsperf; returns the CPU ticks it used (read from its parent shell's cutime + cstime). */
    private static long dnsperf(ServerProcess p, Path queries, String transport, int rate, int seconds, int clients,
            int outstanding, int loadCpu, Path raw) throws IOException, InterruptedException {
        Path stat = Files.createTempFile("dnsperf", ".stat");
        List<String> cmd = new ArrayList<>();
        if (loadCpu >= 0) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(loadCpu)));
        }
        // The shell writes its own /proc stat line once dnsperf has been waited for: cutime + cstime = dnsperf's CPU.
        cmd.addAll(List.of("bash", "-c", "dnsperf \"$@\"; cat /proc/$$/stat > " + stat, "dnsperf", "-s", ServerProcess.LOOPBACK, "-p", Integer.toString(p.port), "-d",
                queries.toString(), "-l", Integer.toString(seconds), "-c", Integer.toString(clients), "-q",
                Integer.toString(outstanding), "-m", transport));
        if (rate > 0) {
            cmd.addAll(List.of("-Q", Integer.toString(rate)));
        }
        if (raw != null) {
            cmd.add("-v");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(raw != null ? ProcessBuilder.Redirect.to(raw.toFile()) : ProcessBuilder.Redirect.DISCARD);
        Process d = pb.start();
        if (!d.waitFor(seconds + 30L, java.util.concurrent.TimeUnit.SECONDS)) {
            d.destroyForcibly();
            throw new IllegalStateException("dnsperf did not finish");
        }
        String s = Files.readString(stat).trim();
        Files.deleteIfExists(stat);
        if (s.isEmpty()) {
            return 0;
        }
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** Per-query latencies in ms from dnsperf -v lines ("> NOERROR name type latency"), sorted. */
    private static double[] latencies(Path raw) throws IOException {
        List<String> lines = Files.readAllLines(raw);
        double[] v = new double[lines.size()];
        int n = 0;
        for (String line : lines) {
            Matcher m = LATENCY.matcher(line);
            if (m.matches()) {
                v[n++] = Double.parseDouble(m.group(1)) * 1000;
            }
        }
        double[] out = Arrays.copyOf(v, n);
        Arrays.sort(out);
        return out;
    }

    private static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Busy clock ticks of the whole machine (all CPUs), from /proc/stat. */
    private static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return new long[] {busy};
    }

    static String table(List<Row> rows, List<String> servers, List<String> transports, List<Integer> rates,
            int rounds) {
        StringBuilder b = new StringBuilder();
        b.append(rounds > 1 ? "medians of " + rounds + " rounds\n" : "");
        b.append(String.format("%-6s %-4s %-7s %9s %6s %8s %8s %8s %8s %6s %5s %6s  %s%n", "server", "tr", "offered",
                "q/s", "cpu%", "us/query", "p50 ms", "p99 ms", "p999 ms", "lost%", "gen%", "other%",
                "ours vs peer: cpu/query, q/s, p99"));
        for (String t : transports) {
            for (int rate : rates) {
                Map<String, Row> med = new LinkedHashMap<>();
                for (String s : servers) {
                    List<Row> rs = rows.stream().filter(r -> r.server.equals(s) && r.transport.equals(t)
                            && r.rate == rate).toList();
                    if (!rs.isEmpty()) {
                        med.put(s, median(rs));
                    }
                }
                Row ours = med.get("ours");
                for (Row r : med.values()) {
                    String ratio = "";
                    if (ours != null && r != ours) {
                        ratio = String.format(Locale.ROOT, "vs %s: %.2f, %.2f, %.2f", r.server,
                                ours.usPerQuery / r.usPerQuery, ours.qps / r.qps, ours.p99ms / r.p99ms);
                    }
                    b.append(String.format(Locale.ROOT, "%-6s %-4s %-7s %9.0f %6.1f %8.2f %8.3f %8.3f %8.3f %6.2f %5.0f"
                            + " %6.0f  %s%n", r.server, t, rate == 0 ? "max" : Integer.toString(rate), r.qps,
                            r.cpuPct, r.usPerQuery, r.p50ms, r.p99ms, r.p999ms, r.lostPct, r.genPct, r.otherPct,
                            ratio));
                }
            }
        }
        return b.toString();
    }

    private static Row median(List<Row> rs) {
        return new Row(rs.get(0).server, rs.get(0).transport, rs.get(0).rate, med(rs, Row::qps), med(rs, Row::cpuPct),
                med(rs, Row::usPerQuery), med(rs, Row::p50ms), med(rs, Row::p99ms), med(rs, Row::p999ms),
                med(rs, Row::lostPct), med(rs, Row::genPct), med(rs, Row::otherPct));
    }

    private static double med(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a + " (see --help)");
            }
            String key = a.substring(2);
            if (key.equals("help") || key.equals("reload")) { // flags without a value
                o.put(key, "");
            } else {
                o.put(key, args[++i]);
            }
        }
        return o;
    }
}
