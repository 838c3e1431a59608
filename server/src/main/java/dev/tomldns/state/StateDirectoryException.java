package dev.tomldns.state;

/** The state directory cannot be made or written; the message names it and says why, for the user. */
public final class StateDirectoryException extends Exception {
    public StateDirectoryException(String message) {
        super(message);
    }
}
