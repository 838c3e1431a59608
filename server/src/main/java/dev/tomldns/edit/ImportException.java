package dev.tomldns.edit;

/** An import, export or format that cannot be done; the message names the file and line in the user's words. */
public final class ImportException extends Exception {
    public ImportException(String message) {
        super(message);
    }
}
