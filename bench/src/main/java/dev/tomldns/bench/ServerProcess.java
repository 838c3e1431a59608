package dev.tomldns.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One DNS server under test on 127.0.0.1: tomldns (a command template), NSD or Knot, each started in its own
 * session (process group) with a generated configuration, optionally pinned to one CPU, and stopped by its own
 * process group id. CPU time and memory are read from {@code /proc} for the whole group.
 */
final class ServerProcess implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";
    final String label;
    final int port;
    final Process process;
    final long pid;
    final Path dir;

    private ServerProcess(String label, int port, Process process, Path dir) {
        this.label = label;
        this.port = port;
        this.process = process;
        this.pid = process.pid();
        this.dir = dir;
    }

    /** Whether a program is on the PATH (or in /usr/sbin, where Debian puts nsd and knotd). */
    static boolean installed(String program) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    static String sbin(String program) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program).toString();
            }
        }
        return program;
    }

    /** A port free for both UDP and TCP on 127.0.0.1, from {@code from} upwards. */
    static int freePort(int from) {
        for (int p = from; p < from + 200; p++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(LOOPBACK, p));
                 ServerSocket t = new ServerSocket()) {
                t.bind(new InetSocketAddress(LOOPBACK, p));
                return p;
            } catch (IOException e) {
                // taken: next
            }
        }
        throw new IllegalStateException("no free port from " + from);
    }

    /**
     * Starts a server. {@code kind} is "nsd", "knot" or anything else for the {@code oursCommand} template
     * ({@code {zones}}, {@code {zonefile}}, {@code {port}}). {@code cpu} &lt; 0: not pinned.
     */
    static ServerProcess start(String label, String kind, String oursCommand, Path zonesDir, Path zoneFile,
            String origin, int port, int cpu, Path work) throws IOException {
        Path dir = work.resolve(label + "-" + port);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        if (cpu >= 0) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        switch (kind) {
            case "nsd" -> {
                Files.writeString(dir.resolve("nsd.conf"), """
                        server:
                          ip-address: %s@%d
                          do-ip4: yes
                          do-ip6: no
                          server-count: 1
                          reuseport: no
                          username: ""
                          chroot: ""
                          zonesdir: "%s"
                          database: ""
                          zonelistfile: "%s/zone.list"
                          xfrdfile: "%s/xfrd.state"
                          xfrdir: "%s"
                          pidfile: "%s/nsd.pid"
                          logfile: "%s/nsd.log"
                          verbosity: 0
                          hide-version: yes
                          # Debian's NSD rate-limits responses by default; all the load comes from 127.0.0.1.
                          rrl-ratelimit: 0
                          rrl-whitelist-ratelimit: 0
                        remote-control:
                          control-enable: no
                        zone:
                          name: %s
                          zonefile: "%s"
                        """.formatted(LOOPBACK, port, dir, dir, dir, dir, dir, dir, origin, zoneFile));
                cmd.addAll(List.of(sbin("nsd"), "-d", "-c", dir.resolve("nsd.conf").toString()));
            }
            case "knot" -> {
                Files.createDirectories(dir.resolve("db"));
                Files.createDirectories(dir.resolve("storage"));
                Files.writeString(dir.resolve("knot.conf"), """
                        server:
                            rundir: "%s"
                            pidfile: "%s/knot.pid"
                            listen: %s@%d
                            udp-workers: 1
                            tcp-workers: 1
                            background-workers: 1
                        log:
                          - target: stderr
                            any: error
                        database:
                            storage: "%s/db"
                        template:
                          - id: default
                            storage: "%s/storage"
                            zonefile-sync: -1
                            zonefile-load: whole
                            journal-content: none
                            semantic-checks: off
                        zone:
                          - domain: %s
                            file: "%s"
                        """.formatted(dir, dir, LOOPBACK, port, dir, dir, origin, zoneFile));
                cmd.addAll(List.of(sbin("knotd"), "-c", dir.resolve("knot.conf").toString()));
            }
            default -> {
                String c = oursCommand.replace("{zones}", zonesDir.toString()).replace("{zonefile}",
                        zoneFile.toString()).replace("{port}", Integer.toString(port)).replace("{host}", LOOPBACK);
                cmd.addAll(List.of("bash", "-c", "exec " + c));
            }
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        return new ServerProcess(label, port, p, dir);
    }

    /** Waits until the server answers an SOA query for {@code origin} over UDP; false on timeout or exit. */
    boolean awaitReady(String origin, long timeoutMillis) throws IOException {
        return awaitSerial(origin, -1, timeoutMillis);
    }

    /**
     * Waits until the server answers an SOA query for {@code origin} over UDP with this serial ({@code -1}: any);
     * false on timeout or exit.
     */
    boolean awaitSerial(String origin, long serial, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] q = Message.newQuery(Record.newRecord(Name.fromString(origin), Type.SOA, DClass.IN)).toWire();
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(LOOPBACK), port);
            byte[] buf = new byte[4096];
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    return false;
                }
                s.send(new DatagramPacket(q, q.length, to));
                try {
                    DatagramPacket r = new DatagramPacket(buf, buf.length);
                    s.receive(r);
                    Message m = new Message(java.util.Arrays.copyOf(buf, r.getLength()));
                    for (Record a : m.getSection(org.xbill.DNS.Section.ANSWER)) {
                        if (a instanceof SOARecord soa && (serial < 0 || soa.getSerial() == serial)) {
                            return true;
                        }
                    }
                    Thread.sleep(50);
                } catch (SocketTimeoutException e) {
                    // not yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** Asks the server to read its changed zone files again: SIGHUP to its main process (NSD, Knot, tomldns). */
    void reload() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Starts the peak resident set (VmHWM) of every process of the group anew (proc(5): clear_refs, 5). */
    void resetPeak() {
        for (long p : group()) {
            try {
                Files.writeString(Path.of("/proc", Long.toString(p), "clear_refs"), "5");
            } catch (IOException e) {
                // gone, or not ours to reset: the peak then covers the load too
            }
        }
    }

    /** The process ids of the server's process group. */
    List<Long> group() {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String n = d.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] f = stat(d);
                if (f != null && Long.parseLong(f[2]) == pid) {
                    out.add(Long.parseLong(n));
                }
            }
        } catch (IOException e) {
            // /proc vanished? return what we have
        }
        return out;
    }

    private static String[] stat(Path procDir) {
        try {
            String s = Files.readString(procDir.resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of every process (all threads) in the group, in clock ticks (1/100 s). */
    long cpuTicks() {
        long total = 0;
        for (long p : group()) {
            String[] f = stat(Path.of("/proc", Long.toString(p)));
            if (f != null) {
                total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
        }
        return total;
    }

    /** Proportional set size of the group in KiB (shared pages split between processes, so forks count once). */
    long pssKiB() {
        long total = 0;
        for (long p : group()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        total += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }
        return total;
    }

    /** Peak resident set (VmHWM) of the group's largest process, in KiB. */
    long peakRssKiB() {
        long max = 0;
        for (long p : group()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        max = Math.max(max, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }
        return max;
    }

    /** Knot pins its own workers: put every thread of the group back on {@code cpu}. */
    void repin(int cpu) throws IOException, InterruptedException {
        if (cpu < 0) {
            return;
        }
        for (long p : group()) {
            new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(p))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    /** SIGTERM to the group, then SIGKILL after 5 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        signal("-TERM");
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            signal("-KILL");
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 50 && !group().isEmpty(); i++) {
            Thread.sleep(100);
        }
    }

    private void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", sig, "--", "-" + pid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
