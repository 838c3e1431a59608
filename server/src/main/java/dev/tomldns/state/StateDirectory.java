package dev.tomldns.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the server keeps what it must remember across restarts: the managed SOA serials
 * ({@code dev.tomldns.reload.SerialStateFile}), files other parts of the server keep, and the control socket of
 * {@code tomldns reload}. Like NSD's and Knot's {@code /var/lib} folders it is the server's own: the zones folder
 * may be read-only (the systemd unit's {@code ProtectSystem=strict} makes {@code /etc} so), this folder must not be.
 *
 * <p>Chosen by {@link #choose}: {@code serve --state-dir}, else the configuration's {@code state-dir}, else
 * {@code $STATE_DIRECTORY} (set by systemd's {@code StateDirectory=}), else the zones folder itself, where each file
 * gets a hidden name ({@code .tomldns-NAME}) so it is never read as a zone. Write files with {@link #write}: whole,
 * by rename, synced, so a crash leaves the old or the new version.
 */
public final class StateDirectory {
    /** Names of files kept here: a plain file name, no folders, no hidden names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final Path dir;
    private final boolean dedicated;

    private StateDirectory(Path dir, boolean dedicated) {
        this.dir = dir;
        this.dedicated = dedicated;
    }

    /**
     * A folder of the server's own; made when missing. Fails when it cannot be made or written: state that cannot
     * be kept would be lost at the next restart (managed serials would start again lower than secondaries have).
     */
    public static StateDirectory open(Path dir) throws StateDirectoryException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateDirectoryException(dir + ": cannot make the state directory (" + why(e) + ")");
        }
        Path probe = dir.resolve(".tomldns-probe-" + ProcessHandle.current().pid());
        try {
            Files.write(probe, new byte[0]);
            Files.delete(probe);
        } catch (IOException e) {
            throw new StateDirectoryException(dir + ": cannot write in the state directory (" + why(e)
                    + "); the server keeps managed serials there and must be able to write it");
        }
        return new StateDirectory(dir, true);
    }

    /** The zones folder as the state directory (where none is given): files get hidden names there. */
    public static StateDirectory inZonesFolder(Path zonesDir) {
        return new StateDirectory(zonesDir, false);
    }

    /**
     * The state directory {@code serve} uses: the first of {@code flag} ({@code --state-dir}), {@code configured}
     * (the configuration's {@code state-dir}) and {@code $STATE_DIRECTORY} from {@code env} (systemd sets it for
     * {@code StateDirectory=}; the first of a colon-separated list) that is set, opened with {@link #open}; else
     * {@link #inZonesFolder}.
     */
    public static StateDirectory choose(Path flag, Path configured, Map<String, String> env, Path zonesDir)
            throws StateDirectoryException {
        if (flag != null) {
            return open(flag);
        }
        if (configured != null) {
            return open(configured);
        }
        String fromSystemd = env.get("STATE_DIRECTORY");
        if (fromSystemd != null && !fromSystemd.isBlank()) {
            return open(Path.of(fromSystemd.split(":", 2)[0]));
        }
        return inZonesFolder(zonesDir);
    }

    /** The folder. */
    public Path path() {
        return dir;
    }

    /** Whether this is a folder of its own, not the zones folder. */
    public boolean dedicated() {
        return dedicated;
    }

    /**
     * Where the file {@code name} is kept: {@code DIR/name}, or {@code ZONES/.tomldns-name} in the zones folder.
     *
     * @param name a plain file name such as {@code state.toml} ({@code [A-Za-z0-9][A-Za-z0-9._-]*})
     */
    public Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a state file name: " + name);
        }
        return dir.resolve(dedicated ? name : ".tomldns-" + name);
    }

    /** Replaces the file {@code name} with {@code text} (UTF-8): written whole, synced, then renamed over. */
    public void write(String name, CharSequence text) throws IOException {
        Path file = file(name);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = StandardCharsets.UTF_8.encode(text.toString());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An I/O failure in the user's words: "Read-only file system", "permission denied", "no such folder". */
    public static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

    @Override
    public String toString() {
        return dedicated ? dir.toString() : dir + " (the zones folder)";
    }
}
