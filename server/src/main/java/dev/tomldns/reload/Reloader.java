package dev.tomldns.reload;

import dev.tomldns.state.StateDirectory;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneDirectory;
import dev.tomldns.zone.ZoneFile;
import dev.tomldns.zone.ZoneRegistry;
import dev.tomldns.zone.toml.ZoneFileReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Brings the served catalog in line with the zone folder: reads the files that changed since the last run, validates
 * them, and swaps the zones that changed into the {@link ZoneRegistry} in one atomic step. Runs on its caller's
 * thread (the reload thread, never an event loop); queries keep using the catalog they started with.
 *
 * <p>A file with errors is never half-applied: its last good version keeps being served, and its errors are logged
 * once per change of the file (files whose bytes did not change are not parsed again, and files whose
 * {@link FileStamp} did not change are not even read) and kept in {@link #state()}.
 * SOA serials: a file that sets none gets a {@link ManagedSerial} recorded in the {@link SerialStateFile}; a file
 * that sets one and changes content without raising it is served with a warning.
 */
public final class Reloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);
    /** Per-thread CPU time (supported by HotSpot on Linux): tells a slow reload from a busy machine. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** What one file contributes now. */
    private record Loaded(String bytesHash, Zone served, String contentHash, List<Diagnostic> errors,
                          List<InetSocketAddress> alsoNotify, boolean managedSerial) {
    }

    /**
     * A change made to a served zone from outside its file (a dynamic update, RFC 2136): given the version served
     * and whether the server manages its serial, returns the new version, or {@code null} (or the same zone) for
     * no change. It runs under the reload lock, so no reload swaps in another version meanwhile.
     */
    @FunctionalInterface
    public interface Edit {
        Zone apply(Zone served, boolean managedSerial);
    }

    /**
     * Makes the version to serve from a version about to be swapped in, such as DNSSEC online signing: given it and
     * the version served now (or {@code null}), returns the zone to serve (the same one when there is nothing to
     * do). It may raise the serial; the serial it returns is the one recorded. Runs under the reload lock.
     */
    @FunctionalInterface
    public interface Signer {
        /** @throws SigningFailure with a message in the user's words: the last good version stays served */
        Zone sign(Zone next, Zone served);

        /** Whether it raises {@code origin}'s serial above the served one itself (a signed zone's signer does). */
        default boolean raisesSerial(Name origin) {
            return false;
        }
    }

    /** Why a {@link Signer} could not make the version to serve, in the user's words. */
    public static final class SigningFailure extends RuntimeException {
        public SigningFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final Path dir;
    private final ZoneRegistry registry;
    private volatile Signer signer = (next, served) -> next;
    private final ZoneFileReader reader = new ZoneFileReader();
    private final SerialStateFile stateFile;
    private final Clock clock;
    private final Map<Name, SerialStateFile.Entry> serials;
    private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<ZoneFile> check = UnaryOperator.identity();
    private volatile Function<ZoneFile, List<Diagnostic>> lateCheck = file -> List.of();
    private volatile Executor lateRunner = Runnable::run;
    private Map<Path, Loaded> files = new TreeMap<>();
    /** The stamps of files read whose octets {@link #files} holds the result of (only settled ones, see there). */
    private final Map<Path, FileStamp> stamps = new HashMap<>();
    private long reloads;
    private volatile ReloadState state = ReloadState.NONE;
    /** The serials hold what the state file lacks (a save failed, or entries came from the zones folder's file). */
    private boolean serialsUnsaved;
    /** Why the latest save of the serial state failed; {@code null} after a good one. */
    private String stateError;
    /** Files gone from the folder whose zone is still served, and since when ({@link System#nanoTime()}). */
    private final Map<Path, Long> vanished = new HashMap<>();
    private volatile Duration vanishGrace = VANISH_GRACE;

    /**
     * How long the zone of a file that vanished from the folder is still served: an editor that saves by deleting
     * and re-creating the file, or a deploy that replaces it, must not make its names REFUSED in between.
     */
    public static final Duration VANISH_GRACE = Duration.ofSeconds(2);

    public Reloader(Path zonesDir, ZoneRegistry registry) {
        this(zonesDir, registry, Clock.systemUTC());
    }

    /** With a clock, so tests can pin the date managed serials start from. */
    public Reloader(Path zonesDir, ZoneRegistry registry, Clock clock) {
        this(zonesDir, StateDirectory.inZonesFolder(zonesDir), registry, clock);
    }

    /** Keeping the managed serials in {@code state} (see {@link SerialStateFile}). */
    public Reloader(Path zonesDir, StateDirectory state, ZoneRegistry registry, Clock clock) {
        this.dir = zonesDir;
        this.registry = registry;
        this.clock = clock;
        this.stateFile = new SerialStateFile(state, zonesDir);
        this.serials = stateFile.load();
        this.serialsUnsaved = stateFile.migrated();
    }

    public Path zonesDir() {
        return dir;
    }

    /**
     * A further check of each file after it was read and validated, such as the policy lint: it may add diagnostics,
     * and a result without a zone (an error) keeps the last good version served like any other error.
     */
    public void setCheck(UnaryOperator<ZoneFile> check) {
        this.check = check;
    }

    /**
     * A check whose findings never hold a zone back (the policy lint without {@code --strict}): it runs on each file
     * whose zone a reload has just swapped in, once that zone is served, and what it returns is logged as warnings.
     * The lint of a million-record zone took 1.5 to 2 s of a cold start on one CPU; the zone is answered meanwhile.
     */
    public void setLateCheck(Function<ZoneFile, List<Diagnostic>> check) {
        this.lateCheck = check;
    }

    /** Sets the step between a version being ready and it being swapped in (DNSSEC signing); identity unless set. */
    public void setSigner(Signer signer) {
        this.signer = signer;
    }

    /** Where the late checks run: by default at the end of the reload, on its thread. */
    public void setLateRunner(Executor runner) {
        this.lateRunner = runner;
    }

    /** Adds a listener told of each zone every later reload touches (metrics, IXFR journal, NOTIFY). */
    public void addListener(ReloadListener listener) {
        listeners.add(listener);
    }

    /** Sets the grace period of a vanished file's zone ({@link #VANISH_GRACE} unless set; zero removes at once). */
    public void setVanishGrace(Duration grace) {
        this.vanishGrace = grace;
    }

    /**
     * How long until the grace period of a vanished file ends, when one is running: a reload then removes its zone
     * (unless the file is back). {@link HotReload} schedules that reload.
     */
    public synchronized java.util.Optional<Duration> graceLeft() {
        long now = System.nanoTime();
        return vanished.values().stream().min(Long::compare)
                .map(since -> Duration.ofNanos(Math.max(0, since + vanishGrace.toNanos() - now)));
    }

    /** The outcome of the latest reload; safe to read from any thread. */
    public ReloadState state() {
        return state;
    }

    /** Reads what changed in the zone folder and swaps it in; returns the new state. Never throws. */
    public synchronized ReloadState reload() {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        List<Path> present;
        try {
            present = ZoneDirectory.list(dir);
        } catch (IOException | RuntimeException e) {
            log.error("{}: cannot list the zones folder ({}); still serving the zones loaded before", dir,
                    ZoneFileReader.unreadable(e));
            log.debug("listing the zones folder failed", e);
            return state;
        }
        Map<Path, Loaded> next = new TreeMap<>(files);
        List<ZoneReload> events = new ArrayList<>();
        Set<Path> presentSet = new HashSet<>(present);
        vanished.keySet().retainAll(files.keySet());
        vanished.keySet().removeAll(presentSet); // re-created within the grace period: read again like any change
        long now = System.nanoTime();
        for (Path gone : files.keySet()) {
            if (presentSet.contains(gone)) {
                continue;
            }
            stamps.remove(gone);
            Loaded l = next.get(gone);
            Long since = vanished.get(gone);
            if (l.served() != null && since == null && !vanishGrace.isZero()) {
                // Editors that save by delete-then-create leave the folder without the file for a moment: the last
                // version stays served until the grace period ends (NSD and Knot, too, keep a zone until told).
                vanished.put(gone, now);
                log.info("{}: file gone; still serving {} for {} ms in case it is written again", gone,
                        l.served().origin(), vanishGrace.toMillis());
                continue;
            }
            if (l.served() != null && since != null && now - since < vanishGrace.toNanos()) {
                continue;
            }
            vanished.remove(gone);
            next.remove(gone);
            if (l.served() != null) {
                events.add(new ZoneReload(gone, l.served().origin(), l.served(), null, List.of(), false,
                        l.alsoNotify()));
            }
        }
        Map<Path, Read> changed = readChanged(present);
        // Another file taking the origin of a file in its grace period (a rename) ends that grace at once.
        Set<Name> taken = new HashSet<>();
        for (Read r : changed.values()) {
            if (r.zoneFile().ok()) {
                taken.add(r.zoneFile().zone().origin());
            }
        }
        for (var it = vanished.keySet().iterator(); it.hasNext(); ) {
            Path gone = it.next();
            Loaded l = next.get(gone);
            if (taken.contains(l.served().origin())) {
                it.remove();
                next.remove(gone);
                events.add(new ZoneReload(gone, l.served().origin(), l.served(), null, List.of(), false,
                        l.alsoNotify()));
            }
        }
        // Files that did not change keep the origins they serve; a changed file may not take one of those.
        Map<Name, Path> claims = new HashMap<>();
        for (var e : next.entrySet()) {
            if (!changed.containsKey(e.getKey()) && e.getValue().served() != null) {
                claims.put(e.getValue().served().origin(), e.getKey());
            }
        }
        boolean serialsChanged = false;
        for (var e : changed.entrySet()) {
            serialsChanged |= apply(e.getKey(), e.getValue(), next, claims, events);
        }
        // Recorded before the swap: once a secondary can see a managed serial, a restart must not start below it
        // (RFC 1982). It also means whoever sees the new zone sees its serial written.
        if (serialsChanged || serialsUnsaved) {
            saveSerials();
        }
        swap(next);
        files = next;
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Duration cpu = Duration.ofNanos(Math.max(0, CPU.getCurrentThreadCpuTime() - cpuStart));
        state = newState(took, cpu);
        logSummary(events, took, cpu);
        tell(events);
        lateChecks(changed, next);
        return state;
    }

    /**
     * Runs {@link #reload()} and says what it left served, file by file: the serial before and after, or the errors
     * of a file whose new version was refused (what {@code tomldns reload} prints).
     */
    public synchronized ReloadReport reloadAndReport() {
        Map<Path, Loaded> before = files; // never changed in place: each reload and edit puts a new map here
        reload();
        Map<Path, Loaded> after = files;
        Set<Path> all = new java.util.TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        List<ReloadReport.File> out = new ArrayList<>();
        for (Path p : all) {
            Zone was = before.containsKey(p) ? before.get(p).served() : null;
            Loaded now = after.get(p);
            Zone is = now == null ? null : now.served();
            if (was == null && is == null && (now == null || now.errors().isEmpty())) {
                continue;
            }
            Name origin = is != null ? is.origin() : was != null ? was.origin() : null;
            out.add(new ReloadReport.File(p, origin, was == null ? null : was.serial(),
                    is == null ? null : is.serial(), now == null ? List.of() : now.errors()));
        }
        return new ReloadReport(List.copyOf(out));
    }

    /** Hands the files whose zones this reload swapped in to the late check, on its runner. */
    private void lateChecks(Map<Path, Read> changed, Map<Path, Loaded> next) {
        List<ZoneFile> swappedIn = new ArrayList<>();
        for (var e : changed.entrySet()) {
            Loaded now = next.get(e.getKey());
            if (now != null && now.errors().isEmpty() && e.getValue().zoneFile().ok()) {
                swappedIn.add(e.getValue().zoneFile());
            }
        }
        if (swappedIn.isEmpty()) {
            return;
        }
        Function<ZoneFile, List<Diagnostic>> late = lateCheck;
        lateRunner.execute(() -> {
            for (ZoneFile zf : swappedIn) {
                try {
                    late.apply(zf).forEach(d -> log.warn("{}", d));
                } catch (RuntimeException e) {
                    // The zone is served already; a failing check must not take the reload thread down.
                    log.error("{}", Diagnostic.error(zf.file(), 0, "the policy check after loading stopped "
                            + "on an internal error; the zone is served, but its policy records were not all checked: run `tomldns "
                            + "check` on the file"));
                    log.debug("the check after loading failed", e);
                }
            }
        });
    }

    /** A file read: its hash, its octets (the text is made from them only for a late warning) and the result. */
    private record Read(String bytesHash, byte[] bytes, ZoneFile zoneFile) {
    }

    private Map<Path, Read> readChanged(List<Path> present) {
        Map<Path, Read> out = new LinkedHashMap<>();
        for (Path p : present) {
            // Wall-clock time, as file times are (not the injected clock, which tests pin).
            Instant readStart = Instant.now();
            FileStamp stamp = FileStamp.of(p);
            if (stamp != null && stamp.equals(stamps.get(p))) {
                continue; // the same file, untouched since the octets last read from it
            }
            stamps.remove(p);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                continue; // renamed or deleted since the listing: the watcher's next event brings a new reload
            } catch (IOException | RuntimeException e) {
                Diagnostic d = Diagnostic.error(p, 0, "cannot read file: " + ZoneFileReader.unreadable(e));
                out.put(p, new Read(null, new byte[0], new ZoneFile(p, null, List.of(d), List.of(), false)));
                continue;
            }
            if (stamp != null && stamp.settledBefore(readStart)) {
                stamps.put(p, stamp);
            }
            String hash = ContentHash.ofBytes(bytes);
            Loaded prev = files.get(p);
            if (prev != null && hash.equals(prev.bytesHash())) {
                continue;
            }
            out.put(p, new Read(hash, bytes, check.apply(reader.parse(p, bytes))));
        }
        return out;
    }

    /** Applies one changed file to {@code next}; returns whether the serial state changed. */
    private boolean apply(Path p, Read read, Map<Path, Loaded> next, Map<Name, Path> claims, List<ZoneReload> events) {
        ZoneFile zf = read.zoneFile();
        Loaded prev = next.get(p);
        Zone old = prev == null ? null : prev.served();
        List<Diagnostic> errors = new ArrayList<>(zf.errors());
        if (zf.ok()) {
            Path owner = claims.get(zf.zone().origin());
            if (owner != null && !owner.equals(p)) {
                errors.add(Diagnostic.error(p, 0, "zone " + zf.zone().origin() + " is already loaded from " + owner));
            }
        }
        logDiagnostics(zf.diagnostics(), errors);
        if (!errors.isEmpty()) {
            // Never half-applied: the last good version stays, unless another file took its origin meanwhile.
            Zone keep = old != null && claims.getOrDefault(old.origin(), p).equals(p) ? old : null;
            if (keep != null) {
                claims.put(keep.origin(), p);
            }
            next.put(p, new Loaded(read.bytesHash(), keep, prev == null ? null : prev.contentHash(),
                    List.copyOf(errors), prev == null ? List.of() : prev.alsoNotify(),
                    prev != null && prev.managedSerial()));
            events.add(new ZoneReload(p, old == null ? null : old.origin(), keep, keep, List.copyOf(errors), false,
                    zf.alsoNotify()));
            return false;
        }
        Zone zone = zf.zone();
        Name origin = zone.origin();
        String content = ContentHash.of(zone);
        Zone oldSame = old != null && old.origin().equals(origin) ? old : null;
        SerialStateFile.Entry before = oldSame != null
                ? new SerialStateFile.Entry(oldSame.serial(), prev.contentHash()) : serials.get(origin);
        zone = settleSerial(p, read.bytes(), zf, zone, content, before);
        boolean sameContent = oldSame != null && content.equals(prev.contentHash())
                && oldSame.serial() == zone.serial();
        if (!sameContent) {
            try {
                zone = signer.sign(zone, oldSame);
            } catch (SigningFailure e) {
                errors.add(Diagnostic.error(p, 0, e.getMessage()));
                logDiagnostics(List.of(), errors);
                Zone keep = old != null && claims.getOrDefault(old.origin(), p).equals(p) ? old : null;
                next.put(p, new Loaded(read.bytesHash(), keep, prev == null ? null : prev.contentHash(),
                        List.copyOf(errors), prev == null ? List.of() : prev.alsoNotify(),
                        prev != null && prev.managedSerial()));
                if (keep != null) {
                    claims.put(keep.origin(), p);
                }
                events.add(new ZoneReload(p, old == null ? null : old.origin(), keep, keep, List.copyOf(errors),
                        false, zf.alsoNotify()));
                return false;
            }
        }
        claims.put(origin, p);
        next.put(p, new Loaded(read.bytesHash(), sameContent ? oldSame : zone, content, List.of(), zf.alsoNotify(),
                zf.managedSerial()));
        if (old != null && oldSame == null) {
            events.add(new ZoneReload(p, old.origin(), old, null, List.of(), false, prev.alsoNotify()));
        }
        boolean wasFailing = prev != null && !prev.errors().isEmpty();
        if (!sameContent || wasFailing) {
            boolean newSerial = before == null || before.serial() != zone.serial();
            events.add(new ZoneReload(p, origin, oldSame, sameContent ? oldSame : zone, List.of(), newSerial,
                    zf.alsoNotify()));
        }
        SerialStateFile.Entry now = new SerialStateFile.Entry(zone.serial(), content);
        return !now.equals(serials.put(origin, now));
    }

    /**
     * A managed serial rises when the content differs from what was served or recorded before and stays when it
     * does not (also across restarts); a serial set in the file is kept, with a warning when content changed but
     * the serial did not rise (RFC 1982 order): secondaries compare serials and would keep the old data.
     */
    private Zone settleSerial(Path p, byte[] file, ZoneFile zf, Zone zone, String content,
                              SerialStateFile.Entry before) {
        if (!zf.managedSerial()) {
            if (before != null && !content.equals(before.hash())
                    && !SerialArithmetic.greater(zone.serial(), before.serial()) && !signer.raisesSerial(zone.origin())) {
                int line = ZoneFileReader.soaKeyLine(new String(file, StandardCharsets.UTF_8), "serial");
                log.warn("{}", Diagnostic.warning(p, line, "content changed but "
                        + "serial " + zone.serial() + " is not greater than " + before.serial() + " served before: "
                        + "served anyway, but secondaries will not transfer it (RFC 1982); raise the serial or "
                        + "remove it to let tomldns manage it"));
            }
            return zone;
        }
        long serial;
        if (before != null && content.equals(before.hash())) {
            serial = before.serial();
        } else {
            Long last = before == null ? null : before.serial();
            SerialStateFile.Entry recorded = serials.get(zone.origin());
            if (recorded != null) {
                last = last == null ? recorded.serial() : SerialArithmetic.max(last, recorded.serial());
            }
            serial = ManagedSerial.next(last, LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)));
        }
        return serial == zone.serial() ? zone : zone.withSerial(serial);
    }

    /** One atomic catalog swap for everything this reload changed; zones from elsewhere are left alone. */
    private void swap(Map<Path, Loaded> next) {
        Map<Name, Zone> put = new HashMap<>();
        Set<Name> served = new HashSet<>();
        for (var e : next.entrySet()) {
            Zone z = e.getValue().served();
            if (z == null) {
                continue;
            }
            served.add(z.origin());
            Loaded before = files.get(e.getKey());
            if (before == null || before.served() != z) {
                put.put(z.origin(), z);
            }
        }
        Set<Name> remove = new HashSet<>();
        for (Loaded l : files.values()) {
            if (l.served() != null && !served.contains(l.served().origin())) {
                remove.add(l.served().origin());
            }
        }
        if (put.isEmpty() && remove.isEmpty()) {
            return;
        }
        // Secondary zones (and their expiry) are the transfer side's: only the files' zones change here.
        registry.update(catalog -> catalog.change(remove, put.values()));
    }

    /**
     * Applies {@code edit} to the zone {@code origin} served from a file and, when it changes the zone, swaps the
     * new version in and tells the listeners (IXFR journal, NOTIFY, metrics) as a reload would. The next reload of
     * the file starts from this version (its serial and content), so an edit of the file later raises the serial
     * above the edit's.
     *
     * @return the version served afterwards, or {@code null} when no zone file serves {@code origin}
     * @throws SigningFailure when the new version could not be signed: nothing is swapped in, the served version
     *                        stays
     */
    public Zone edit(Name origin, Edit edit) {
        return edit(origin, edit, zone -> { });
    }

    /**
     * As {@link #edit(Name, Edit)}, with {@code commit} run on the version to serve (signed) after signing
     * succeeded and before it is swapped in, such as writing an update to disk: a change that cannot be signed is
     * never made durable. When {@code commit} throws, nothing is swapped in.
     */
    public synchronized Zone edit(Name origin, Edit edit, java.util.function.Consumer<Zone> commit) {
        Path file = null;
        Loaded loaded = null;
        for (var e : files.entrySet()) {
            Zone served = e.getValue().served();
            if (served != null && served.origin().equals(origin)) {
                file = e.getKey();
                loaded = e.getValue();
            }
        }
        if (loaded == null) {
            return null;
        }
        Zone old = loaded.served();
        Zone edited = edit.apply(old, loaded.managedSerial());
        if (edited == null || edited == old) {
            return old;
        }
        String content = ContentHash.of(edited);
        Zone zone;
        try {
            zone = signer.sign(edited, old);
        } catch (SigningFailure e) {
            log.debug("zone {}: change not applied, not signed: {}", origin, e.getMessage());
            throw e; // the caller says what was not applied, in its words
        }
        commit.accept(zone);
        Map<Path, Loaded> next = new TreeMap<>(files);
        next.put(file, new Loaded(loaded.bytesHash(), zone, content, loaded.errors(), loaded.alsoNotify(),
                loaded.managedSerial()));
        serials.put(origin, new SerialStateFile.Entry(zone.serial(), content));
        saveSerials();
        files = next;
        registry.update(catalog -> catalog.with(zone));
        tell(List.of(new ZoneReload(file, origin, old, zone, List.of(), true, loaded.alsoNotify(), true)));
        return zone;
    }

    private void saveSerials() {
        try {
            stateFile.save(serials);
            serialsUnsaved = false;
            stateError = null;
        } catch (IOException | RuntimeException e) {
            serialsUnsaved = true;
            String why = e instanceof IOException io ? StateDirectory.why(io) : "an internal error";
            log.debug("saving the serial state failed", e);
            // Not silent: a restart would start managed serials again from YYYYMMDD01, below what secondaries have,
            // and they would ignore the new content (RFC 1982).
            stateError = stateFile.path() + ": cannot record managed serials (" + why + "); after a restart they "
                    + "would start again from today's YYYYMMDD01, below what secondaries have: give `serve "
                    + "--state-dir` a writable folder (the systemd unit uses /var/lib/tomldns)";
            log.error("{}", stateError);
        }
    }

    private ReloadState newState(Duration took, Duration cpu) {
        Map<Path, List<Diagnostic>> failing = new TreeMap<>();
        int zones = 0;
        for (var e : files.entrySet()) {
            if (!e.getValue().errors().isEmpty()) {
                failing.put(e.getKey(), e.getValue().errors());
            }
            if (e.getValue().served() != null) {
                zones++;
            }
        }
        return new ReloadState(++reloads, clock.instant(), took, cpu, zones,
                java.util.Collections.unmodifiableMap(failing), stateError);
    }

    private static void logDiagnostics(List<Diagnostic> all, List<Diagnostic> errors) {
        for (Diagnostic d : all) {
            if (!d.isError()) {
                log.warn("{}", d);
            }
        }
        for (Diagnostic d : errors) {
            log.error("{}", d);
        }
    }

    private void logSummary(List<ZoneReload> events, Duration took, Duration cpu) {
        List<String> parts = new ArrayList<>();
        for (ZoneReload e : events) {
            parts.add(e.toString());
        }
        String ms = took.toMillis() + " ms (cpu " + cpu.toMillis() + " ms)";
        String failing = state.ok() ? "" : "; " + state.failingFiles().size() + " file(s) with errors";
        if (parts.isEmpty()) {
            log.info("reload: no zone changed ({} zones{}) in {}", state.zones(), failing, ms);
        } else {
            log.info("reload: {} ({} zones{}) in {}", String.join(", ", parts), state.zones(), failing, ms);
        }
    }

    private void tell(List<ZoneReload> events) {
        for (ZoneReload e : events) {
            for (ReloadListener l : listeners) {
                try {
                    l.reloaded(e);
                } catch (RuntimeException ex) {
                    // A listener's fault (metrics, NOTIFY) never undoes the reload: the zone is served.
                    log.warn("{}: the reload's follow-up (metrics, IXFR history or NOTIFY) failed on an internal "
                            + "error; the zone is served", e.file());
                    log.debug("reload listener failed", ex);
                }
            }
        }
    }
}
