package dev.tomldns.dnssec.sign;

/** Signing could not be done; the message is in the user's words (what, where, what to do). */
public final class SigningException extends Exception {
    public SigningException(String message) {
        super(message);
    }
}
