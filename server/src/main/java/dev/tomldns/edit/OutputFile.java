package dev.tomldns.edit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a whole file or nothing (a temp file beside it, then a rename), and never over a file unless told to. */
public final class OutputFile {
    private OutputFile() {
    }

    /**
     * Writes {@code text} to {@code file}.
     *
     * @param overwrite whether an existing file may be replaced ({@code --force}); without it an existing file is an
     *                  error and is left as it was
     */
    public static void write(Path file, String text, boolean overwrite) throws ImportException {
        if (!overwrite && Files.exists(file)) {
            throw new ImportException(file + ": already exists; use --force to overwrite it");
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                keepPermissions(file, tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ImportException(file + ": cannot write: " + e.getMessage());
        }
    }

    /**
     * A temp file is made readable by its owner only; the file it replaces keeps its own permissions (a server
     * running as another user must still read it), and a new file gets rw-r--r--, as an editor would make it.
     */
    private static void keepPermissions(Path file, Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
}
