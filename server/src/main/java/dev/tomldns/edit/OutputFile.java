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
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ImportException(file + ": cannot write: " + e.getMessage());
        }
    }
}
