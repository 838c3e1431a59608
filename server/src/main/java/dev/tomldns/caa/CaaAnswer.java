package dev.tomldns.caa;

import java.util.List;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Name;

/**
 * What one CAA query returned.
 *
 * @param asked   the name queried
 * @param aliases the CNAME targets followed, in order (empty when the name had no CNAME)
 * @param records the CAA RRset at the end of the chain (empty unless {@link Status#FOUND})
 * @param status  what happened
 * @param detail  plain words about the answer (why a name is not served, the failure text), or ""
 * @param source  where the records are written ("zones/example.net.toml:12"), or ""
 */
public record CaaAnswer(Name asked, List<Name> aliases, List<CAARecord> records, Status status, String detail,
                        String source) {

    /** The outcome of one query. */
    public enum Status {
        /** A non-empty CAA RRset: the search stops here (RFC 8659 §3). */
        FOUND,
        /** The name (or its alias target) has no CAA records: the search climbs on. */
        EMPTY,
        /** Nobody we can ask holds this name (above our zones); taken as empty, as TLDs nearly always are. */
        NOT_SERVED,
        /** The lookup failed (SERVFAIL, timeout, CNAME loop): a CA must not issue (RFC 8659 §3, boulder). */
        FAILED
    }

    public static CaaAnswer empty(Name asked, List<Name> aliases, String detail) {
        return new CaaAnswer(asked, List.copyOf(aliases), List.of(), Status.EMPTY, detail, "");
    }

    public static CaaAnswer notServed(Name asked, List<Name> aliases, String detail) {
        return new CaaAnswer(asked, List.copyOf(aliases), List.of(), Status.NOT_SERVED, detail, "");
    }

    public static CaaAnswer failed(Name asked, List<Name> aliases, String detail) {
        return new CaaAnswer(asked, List.copyOf(aliases), List.of(), Status.FAILED, detail, "");
    }

    /** The name that holds the records: the last alias target, or the name asked. */
    public Name holder() {
        return aliases.isEmpty() ? asked : aliases.get(aliases.size() - 1);
    }
}
