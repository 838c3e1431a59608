package dev.tomldns.caa;

import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.LookupResult;
import dev.tomldns.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * CAA lookups answered from the zones we serve, through the same RFC 1034 lookup the server answers queries with
 * (wildcards, zone cuts), following CNAME and DNAME from zone to zone as a resolver would.
 */
public final class CatalogCaaLookup implements CaaLookup {
    private final Catalog catalog;
    private final Map<Record, String> sources;
    private final String description;

    /**
     * @param catalog     the zones
     * @param sources     where each record is written ("zones/example.net.toml:12"), for the output
     * @param description where the zones come from, for the output
     */
    public CatalogCaaLookup(Catalog catalog, Map<Record, String> sources, String description) {
        this.catalog = catalog;
        this.sources = Map.copyOf(sources);
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
            Zone zone = catalog.find(current);
            if (zone == null) {
                return CaaAnswer.notServed(name, aliases, current.equals(name)
                        ? name + " is outside the zones we serve"
                        : "the CNAME leads to " + current + ", outside the zones we serve: a CA sees whatever CAA "
                        + "is there, which this check cannot");
            }
            LookupResult result = zone.lookup(current, Type.CAA);
            if (result instanceof LookupResult.Answer answer) {
                List<CAARecord> caa = answer.rrsets().get(0).rrs(false).stream().map(r -> (CAARecord) r).toList();
                return new CaaAnswer(name, List.copyOf(aliases), caa, CaaAnswer.Status.FOUND,
                        answer.wildcard() ? "synthesized from a wildcard" : "", source(caa.get(0)));
            }
            if (result instanceof LookupResult.Referral referral) {
                return CaaAnswer.notServed(name, aliases, current + " is delegated to "
                        + referral.ns().first().getAdditionalName() + ": a CA asks those servers");
            }
            if (result instanceof LookupResult.DnameOverflow overflow) {
                // RFC 6672 §2.2: the resolver gets YXDOMAIN, and a CA cannot go on from there.
                return CaaAnswer.failed(name, aliases, "the DNAME at " + overflow.dname().getName()
                        + " makes a name longer than 255 octets of " + current + " (YXDOMAIN)");
            }
            if (result instanceof LookupResult.Dname dname) {
                // RFC 6672 §3.2: a resolver follows the CNAME synthesized from the DNAME, as any CNAME.
                current = dname.target();
            } else if (result instanceof LookupResult.Cname cname) {
                current = cname.target();
            } else {
                return CaaAnswer.empty(name, aliases, "");
            }
            if (aliases.contains(current)) {
                return CaaAnswer.failed(name, aliases, "CNAME loop at " + current);
            }
            aliases.add(current);
        }
        return CaaAnswer.failed(name, aliases, "more than " + MAX_ALIASES + " CNAMEs in a row");
    }

    /** The file:line of a record; a wildcard-synthesized copy is found through its wildcard original. */
    private String source(Record r) {
        String exact = sources.get(r);
        if (exact != null) {
            return exact;
        }
        return sources.entrySet().stream()
                .filter(e -> e.getKey().getType() == r.getType() && e.getKey().getName().isWild()
                        && e.getKey().rdataToString().equals(r.rdataToString()))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }
}
