package dev.tomldns.xfr;

import org.xbill.DNS.Name;

/**
 * Told whether each secondary zone is being served, for readiness and the serial gauge: a secondary with no copy
 * yet, or whose copy expired (RFC 1034 §4.3.5, SOA EXPIRE), is not; it is again once a transfer or refresh succeeds.
 * Called on the secondary manager's thread.
 */
public interface SecondaryStatus {

    /** Hears nothing. */
    SecondaryStatus NONE = new SecondaryStatus() {
        @Override
        public void serving(Name zone, long serial) {
        }

        @Override
        public void notServing(Name zone, String reason) {
        }
    };

    /** The zone is served, at this SOA serial. */
    void serving(Name zone, long serial);

    /** The zone is not served (no copy yet, or expired), for this reason. */
    void notServing(Name zone, String reason);
}
