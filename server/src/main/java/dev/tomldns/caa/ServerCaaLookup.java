package dev.tomldns.caa;

import dev.tomldns.wire.Rfc8659CaaRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * CAA lookups sent to a live DNS server (dnsjava's {@link SimpleResolver}), so a user can check what their
 * provider actually serves. A CNAME the server does not chase in its answer is followed by asking again.
 * REFUSED (or NOTAUTH) means the server holds no zone for the name: taken as "not served" rather than a failure,
 * since an authoritative server is asked for names above its zones as the search climbs.
 */
public final class ServerCaaLookup implements CaaLookup {
    static {
        Rfc8659CaaRecord.install(); // RFC 8659 §4.1: an answer with an upper-case tag parses
    }

    private final SimpleResolver resolver;
    private final InetSocketAddress server;

    public ServerCaaLookup(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
    }

    @Override
    public String describe() {
        return "server " + server.getHostString() + ":" + server.getPort();
    }

    @Override
    public CaaAnswer lookup(Name name) {
        List<Name> aliases = new ArrayList<>();
        Name current = name;
        for (int query = 0; query <= MAX_ALIASES; query++) {
            Message response;
            try {
                response = resolver.send(Message.newQuery(Record.newRecord(current, Type.CAA, DClass.IN)));
            } catch (IOException e) {
                return CaaAnswer.failed(name, aliases, "no answer from " + describe() + ": " + e.getMessage());
            }
            int rcode = response.getRcode();
            if (rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH) {
                return CaaAnswer.notServed(name, aliases, describe() + " answered " + Rcode.string(rcode)
                        + " for " + current + " (it serves no zone holding it)");
            }
            if (rcode == Rcode.NXDOMAIN) {
                return CaaAnswer.empty(name, aliases, "NXDOMAIN");
            }
            if (rcode != Rcode.NOERROR) {
                return CaaAnswer.failed(name, aliases, describe() + " answered " + Rcode.string(rcode));
            }
            // Follow the CNAME chain inside the answer section (RFC 1034 §4.3.2 step 3a).
            List<Record> answer = response.getSection(Section.ANSWER);
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Record r : answer) {
                    if (r.getType() == Type.CNAME && r.getName().equals(current)) {
                        current = ((CNAMERecord) r).getTarget();
                        if (aliases.contains(current) || aliases.size() > MAX_ALIASES) {
                            return CaaAnswer.failed(name, aliases, "CNAME loop at " + current);
                        }
                        aliases.add(current);
                        moved = true;
                    }
                }
            }
            Name holder = current;
            List<CAARecord> caa = answer.stream().filter(r -> r.getType() == Type.CAA && r.getName().equals(holder))
                    .map(r -> (CAARecord) r).toList();
            if (!caa.isEmpty()) {
                return new CaaAnswer(name, List.copyOf(aliases), caa, CaaAnswer.Status.FOUND, "", describe());
            }
            boolean chainEndsInAnswer = answer.stream().anyMatch(r -> r.getName().equals(holder));
            if (aliases.isEmpty() || chainEndsInAnswer || hasSoaFor(response, holder)) {
                return CaaAnswer.empty(name, aliases, "");
            }
            // The server stopped at a CNAME whose target lies in another zone: ask about the target.
        }
        return CaaAnswer.failed(name, aliases, "more than " + MAX_ALIASES + " CNAMEs in a row");
    }

    /** A NODATA answer for the chain's end carries the SOA of the zone holding it (RFC 2308 §2.2). */
    private static boolean hasSoaFor(Message response, Name holder) {
        return response.getSection(Section.AUTHORITY).stream()
                .anyMatch(r -> r.getType() == Type.SOA && holder.subdomain(r.getName()));
    }
}
