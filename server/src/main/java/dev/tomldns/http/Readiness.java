package dev.tomldns.http;

/**
 * Whether the server is ready to take traffic: every configured zone is loaded and no secondary zone has
 * expired (RFC 1035 §3.3.13 SOA EXPIRE). Called on every {@code GET /ready}, so it must be cheap.
 */
@FunctionalInterface
public interface Readiness {

    /** Ready, nothing to say. */
    Status READY = new Status(true, "ready");

    /** The current state. */
    Status check();

    /**
     * @param ready  true when all zones are served
     * @param detail one line for a human: "ready", or which zones are missing and why
     */
    record Status(boolean ready, String detail) {

        /** Not ready, for the given reason. */
        public static Status notReady(String detail) {
            return new Status(false, detail);
        }
    }
}
