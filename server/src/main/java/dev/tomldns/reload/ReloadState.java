package dev.tomldns.reload;

import dev.tomldns.zone.Diagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of the latest reload, for status output and metrics.
 *
 * @param reloads      how many reloads ran since start (the initial load is the first)
 * @param finishedAt   when the latest one finished
 * @param took         how long it took
 * @param cpu          the CPU time the reload thread spent on it (less than {@code took} when the machine is busy)
 * @param zones        how many zones the zone folder serves now
 * @param failingFiles each file whose latest version has errors (its last good version, if any, is still served),
 *                     with those errors
 * @param stateError   why the managed serials could not be recorded at the latest try ({@code null}: recorded)
 */
public record ReloadState(long reloads, Instant finishedAt, Duration took, Duration cpu, int zones,
                          Map<Path, List<Diagnostic>> failingFiles, String stateError) {

    static final ReloadState NONE = new ReloadState(0, Instant.EPOCH, Duration.ZERO, Duration.ZERO, 0, Map.of(),
            null);

    /** No file has errors. */
    public boolean ok() {
        return failingFiles.isEmpty();
    }
}
