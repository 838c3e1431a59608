package dev.tomldns.caa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * CAA lookups answered from the records of the zones we serve, following CNAME inside them as a resolver would
 * and synthesizing from wildcards (RFC 4592) when a name does not exist.
 */
public final class ZoneCaaLookup implements CaaLookup {
    /** RFC 1034 §3.6.2 sets no limit; resolvers stop around 8-16. Bounded so a loop ends. */
    static final int MAX_ALIASES = 16;

    private static final Name WILD = Name.fromConstantString("*");

    private final Map<Name, List<Record>> records;
    private final Set<Name> origins;
    private final Function<Record, String> source;
    private final String description;

    /**
     * @param records     every record of the served zones, by owner name
     * @param origins     the zone origins (a name under none is not served)
     * @param source      where a record is written ("zones/example.net.toml:12"), for the output
     * @param description where the zones come from, for the output
     */
    public ZoneCaaLookup(Map<Name, List<Record>> records, Set<Name> origins, Function<Record, String> source,
                         String description) {
        this.records = Map.copyOf(records);
        this.origins = Set.copyOf(origins);
        this.source = source;
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public CaaAnswer lookup(Name name) {
        List<Name> aliases = new ArrayList<>();
        Name current = name;
        for (int hop = 0; hop <= MAX_ALIASES; hop++) {
            if (!served(current)) {
                String why = current.equals(name) ? name + " is above or outside the zones we serve"
                        : "the CNAME leads to " + current + ", outside the zones we serve: a CA sees whatever CAA "
                        + "is there, which this check cannot";
                return CaaAnswer.notServed(name, aliases, why);
            }
            List<Record> here = at(current);
            Record cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname == null) {
                List<CAARecord> caa = here.stream().filter(r -> r.getType() == Type.CAA)
                        .map(r -> (CAARecord) r).toList();
                if (caa.isEmpty()) {
                    return CaaAnswer.empty(name, aliases, "");
                }
                return new CaaAnswer(name, List.copyOf(aliases), caa, CaaAnswer.Status.FOUND, "",
                        source.apply(caa.get(0)));
            }
            current = ((CNAMERecord) cname).getTarget();
            if (aliases.contains(current)) {
                return CaaAnswer.failed(name, aliases, "CNAME loop at " + current);
            }
            aliases.add(current);
        }
        return CaaAnswer.failed(name, aliases, "more than " + MAX_ALIASES + " CNAMEs in a row");
    }

    private boolean served(Name name) {
        return origins.stream().anyMatch(name::subdomain);
    }

    /** The records at {@code name}, or those of the wildcard that covers it (RFC 4592 §3.3.1) when it does not exist. */
    private List<Record> at(Name name) {
        List<Record> exact = records.get(name);
        if (exact != null || exists(name)) {
            return exact == null ? List.of() : exact;
        }
        Name encloser = new Name(name, 1);
        while (encloser.labels() > 1 && !exists(encloser)) {
            encloser = new Name(encloser, 1);
        }
        try {
            List<Record> wild = records.get(Name.concatenate(WILD, encloser));
            return wild == null ? List.of() : wild;
        } catch (NameTooLongException e) {
            return List.of();
        }
    }

    /** A name exists when it owns records or is an empty non-terminal above some. */
    private boolean exists(Name name) {
        return records.keySet().stream().anyMatch(n -> n.subdomain(name));
    }
}
