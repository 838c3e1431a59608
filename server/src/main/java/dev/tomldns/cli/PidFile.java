package dev.tomldns.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code serve --pid-file FILE}: this process's id, for {@code tomldns reload --pid-file FILE}. */
final class PidFile {
    private PidFile() {
    }

    static void write(Path file) throws IOException {
        Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort on the way out
        }
    }
}
