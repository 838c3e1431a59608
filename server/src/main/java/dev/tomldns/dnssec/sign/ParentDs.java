package dev.tomldns.dnssec.sign;

import dev.tomldns.zone.Diagnostic;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * The Delegation Signer RRset of a zone as its parent serves it (RFC 4034 §5), asked of one server and compared
 * with the zone's DNSKEYs: the link in the chain of trust that a validating resolver follows from the parent into
 * the zone (RFC 4035 §5.2). The server is the parent's authoritative server or any recursive resolver (the query
 * asks for recursion; an authoritative server ignores that).
 *
 * <p>A DS matches a DNSKEY when its key tag, algorithm and digest (SHA-1, SHA-256 or SHA-384: RFC 4034 §5.1.4,
 * RFC 4509, RFC 6605 §4) are those of the key; the digests are computed by dnsjava's {@link DSRecord}. Revoked keys
 * (RFC 5011 §3) are left out: a resolver does not validate with them. Queries are bounded by a timeout and run on
 * the caller's thread: call this off the event loops.
 */
public final class ParentDs {
    /** How long one query waits for an answer (UDP, and again over TCP when the answer is truncated). */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** RFC 8624 §3.3: the DS digest types a validator computes; a DS of another type cannot be checked. */
    private static final Set<Integer> DIGESTS = Set.of(DNSSEC.Digest.SHA1, DNSSEC.Digest.SHA256,
            DNSSEC.Digest.SHA384);

    /** RFC 8624 §3.1: algorithms validators implement; a DS of another one is treated as absent (RFC 4035 §5.2). */
    private static final Set<Integer> ALGORITHMS = Set.of(DNSSEC.Algorithm.RSASHA1,
            DNSSEC.Algorithm.RSA_NSEC3_SHA1, DNSSEC.Algorithm.RSASHA256, DNSSEC.Algorithm.RSASHA512,
            DNSSEC.Algorithm.ECDSAP256SHA256, DNSSEC.Algorithm.ECDSAP384SHA384, DNSSEC.Algorithm.ED25519,
            DNSSEC.Algorithm.ED448);

    private final InetSocketAddress server;
    private final Duration timeout;

    /** Asks {@code server} (the parent's server or a resolver), each query bounded by {@link #TIMEOUT}. */
    public ParentDs(InetSocketAddress server) {
        this(server, TIMEOUT);
    }

    public ParentDs(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    public InetSocketAddress server() {
        return server;
    }

    /**
     * Whether the parent serves a DS for {@code key} (its owner is the zone): what ends a KSK rollover's wait for
     * the new key's DS (RFC 7583 §3.3.2). False also when the parent does not answer: then nothing is known.
     */
    public boolean parentHas(DNSKEYRecord key) {
        Report r = check(key.getName(), List.of(key));
        return r.outcome() == Outcome.SECURE && r.matched().contains(key);
    }

    /** Asks for the DS RRset of {@code zone} and compares it with {@code dnskeys} (the zone's DNSKEY RRset). */
    public Report check(Name zone, Collection<DNSKEYRecord> dnskeys) {
        Answer answer = ask(zone);
        if (answer.problem != null) {
            return new Report(zone, server, Outcome.UNANSWERED, List.of(), sep(dnskeys), List.of(), answer.problem);
        }
        return compare(zone, server, dnskeys, answer.ds);
    }

    /**
     * The comparison alone, for a DS RRset got elsewhere: which keys have a DS, which SEP keys have none, which DS
     * matches no key, and what a validating resolver concludes (RFC 4035 §5.2).
     */
    public static Report compare(Name zone, InetSocketAddress server, Collection<DNSKEYRecord> dnskeys,
            List<DSRecord> ds) {
        List<DNSKEYRecord> keys = dnskeys.stream().filter(k -> (k.getFlags() & DNSKEYRecord.Flags.REVOKE) == 0)
                .toList();
        List<DNSKEYRecord> matched = new ArrayList<>();
        List<DSRecord> stale = new ArrayList<>();
        boolean usable = false;
        for (DSRecord d : ds) {
            usable |= DIGESTS.contains(d.getDigestID()) && ALGORITHMS.contains(d.getAlgorithm());
            DNSKEYRecord key = keys.stream().filter(k -> matches(d, k)).findFirst().orElse(null);
            if (key == null) {
                stale.add(d);
            } else if (!matched.contains(key)) {
                matched.add(key);
            }
        }
        List<DNSKEYRecord> withoutDs = sep(keys).stream().filter(k -> !matched.contains(k)).toList();
        Outcome outcome;
        if (!matched.isEmpty()) {
            outcome = Outcome.SECURE;
        } else if (usable) {
            outcome = Outcome.BOGUS;
        } else {
            // No DS at all, or only DS a validator cannot use: it treats the zone as unsigned (RFC 4035 §5.2).
            outcome = Outcome.INSECURE;
        }
        return new Report(zone, server, outcome, List.copyOf(matched), withoutDs, List.copyOf(stale), null);
    }

    /** RFC 4034 §5.1: key tag, algorithm and the digest of the key's owner name and RDATA. */
    static boolean matches(DSRecord ds, DNSKEYRecord key) {
        if (ds.getFootprint() != key.getFootprint() || ds.getAlgorithm() != key.getAlgorithm()
                || !DIGESTS.contains(ds.getDigestID()) || !ds.getName().equals(key.getName())) {
            return false;
        }
        DSRecord ours = new DSRecord(key.getName(), key.getDClass(), 0, ds.getDigestID(), key);
        return Arrays.equals(ours.getDigest(), ds.getDigest());
    }

    /** The keys with the Secure Entry Point flag (RFC 4034 §2.1.1): those whose DS belongs at the parent. */
    private static List<DNSKEYRecord> sep(Collection<DNSKEYRecord> keys) {
        return keys.stream().filter(k -> (k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0
                && (k.getFlags() & DNSKEYRecord.Flags.REVOKE) == 0).toList();
    }

    /** The DS records of the answer, or what went wrong in words. */
    private record Answer(List<DSRecord> ds, String problem) {
    }

    private Answer ask(Name zone) {
        String at = where(server);
        Message response;
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            resolver.setEDNS(0, 1232, 0, List.of()); // RFC 9715's safe UDP size; truncated answers go again by TCP
            response = resolver.send(Message.newQuery(Record.newRecord(zone, Type.DS, DClass.IN)));
        } catch (SocketTimeoutException e) {
            return problem("no answer from " + at + " within " + timeout.toSeconds() + "s (is a DNS server running "
                    + "there, and may this host ask it?)");
        } catch (PortUnreachableException | ConnectException e) {
            return problem("nothing answers DNS at " + at + " (connection refused)");
        } catch (WireParseException e) {
            return problem(at + " answered with a message that is not DNS");
        } catch (IOException e) {
            // dnsjava reports a timeout of its own as a plain IOException ("Timed out while trying to resolve ...").
            return problem(e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT)
                    .contains("timed out") ? "no answer from " + at + " within " + timeout.toSeconds() + "s (is a "
                    + "DNS server running there, and may this host ask it?)" : "could not ask " + at
                    + " (the network refused the query)");
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.REFUSED) {
            return problem(at + " refused the query: it neither serves the parent of " + zone + " nor resolves for "
                    + "this host");
        }
        if (rcode == Rcode.SERVFAIL) {
            return problem(at + " answered SERVFAIL (a resolver does when it cannot reach or validate the parent "
                    + "of " + zone + ")");
        }
        if (rcode == Rcode.NXDOMAIN) {
            return problem(at + " says " + zone + " does not exist (NXDOMAIN): the parent has no delegation to it");
        }
        if (rcode != Rcode.NOERROR) {
            return problem(at + " answered " + Rcode.string(rcode));
        }
        List<DSRecord> ds = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof DSRecord d && d.getName().equals(zone)) {
                ds.add(d);
            }
        }
        if (!ds.isEmpty()) {
            return new Answer(List.copyOf(ds), null);
        }
        SOARecord soa = response.getSection(Section.AUTHORITY).stream().filter(SOARecord.class::isInstance)
                .map(SOARecord.class::cast).findFirst().orElse(null);
        if (soa == null) {
            // RFC 4035 §3.1.4.1: only the parent's server or a resolver proves there is no DS (NODATA, with the
            // parent's SOA); an answer without an SOA is a referral from a server that serves neither.
            return problem(at + " does not serve the parent of " + zone + " (it answered with a referral, not the "
                    + "DS RRset)");
        }
        if (soa.getName().equals(zone)) {
            // RFC 4035 §3.1.4.1: the DS lives in the parent; the zone's own server answers NODATA from the zone.
            return problem(at + " answered from " + zone + " itself, not from its parent: give the parent's server "
                    + "(or a resolver)");
        }
        return new Answer(List.of(), null);
    }

    private static Answer problem(String text) {
        return new Answer(List.of(), text);
    }

    /** {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}. */
    static String where(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** What a validating resolver makes of the DS RRset at the parent (RFC 4035 §4.3's words). */
    public enum Outcome {
        /** A DS matches a DNSKEY of the zone: the chain of trust reaches it. */
        SECURE,
        /** The parent has no DS (or none a validator can use): resolvers treat the zone as unsigned. */
        INSECURE,
        /** The parent has DS records and none matches a DNSKEY: validating resolvers answer SERVFAIL. */
        BOGUS,
        /** The server did not answer, or not with the DS RRset: nothing is known. */
        UNANSWERED
    }

    /**
     * What one check found.
     *
     * @param zone      the zone
     * @param server    the server asked
     * @param outcome   what a validating resolver concludes
     * @param matched   the zone's keys that a DS at the parent matches
     * @param withoutDs the zone's SEP keys (KSK or CSK) with no DS at the parent
     * @param stale     DS records at the parent that match no DNSKEY of the zone
     * @param problem   for {@link Outcome#UNANSWERED}: what went wrong, in words; null otherwise
     */
    public record Report(Name zone, InetSocketAddress server, Outcome outcome, List<DNSKEYRecord> matched,
                         List<DNSKEYRecord> withoutDs, List<DSRecord> stale, String problem) {
        public Report {
            matched = List.copyOf(matched);
            withoutDs = List.copyOf(withoutDs);
            stale = List.copyOf(stale);
        }

        /** One finding for an operator: its severity and the sentence. */
        public record Line(Diagnostic.Severity severity, String text) {
        }

        /**
         * The findings in words: an error for a bogus chain, warnings for an unsigned-looking zone, a KSK or CSK
         * without DS, a stale DS beside a matching one, or a parent that did not answer; one info line when all is
         * well. {@code advice} says where the right DS comes from (e.g. "`tomldns dnssec ds example.net.` prints
         * it"), or is empty.
         */
        public List<Line> lines(String advice) {
            String asked = " (asked " + where(server) + ")";
            String then = advice == null || advice.isEmpty() ? "" : " (" + advice + ")";
            List<Line> out = new ArrayList<>();
            switch (outcome) {
                case UNANSWERED -> out.add(new Line(Diagnostic.Severity.WARNING, "zone " + zone + ": the DS at the "
                        + "parent is not checked: " + problem));
                case INSECURE -> out.add(new Line(Diagnostic.Severity.WARNING, "zone " + zone + ": no DS at the "
                        + "parent" + asked + (stale.isEmpty() ? "" : " that a validator can use (" + ds(stale) + ")")
                        + ": the zone is unsigned to resolvers; give the registrar the DS of " + keys(withoutDs)
                        + then));
                case BOGUS -> out.add(new Line(Diagnostic.Severity.ERROR, "zone " + zone + ": the DS at the parent"
                        + asked + " (" + ds(stale) + ") matches no DNSKEY of the zone: the zone is bogus to "
                        + "validating resolvers (they answer SERVFAIL for every name in it); give the registrar the "
                        + "DS of " + keys(withoutDs) + then + " in place of the old one"));
                case SECURE -> {
                    out.add(new Line(Diagnostic.Severity.INFO, "zone " + zone + ": the DS at the parent" + asked
                            + " matches " + keys(matched) + ": the chain of trust is complete"));
                    for (DNSKEYRecord k : withoutDs) {
                        out.add(new Line(Diagnostic.Severity.WARNING, "zone " + zone + ": " + keys(List.of(k))
                                + " has no DS at the parent" + asked + ": give the registrar its DS" + then
                                + " before the other key's DS is removed"));
                    }
                    if (!stale.isEmpty()) {
                        out.add(new Line(Diagnostic.Severity.WARNING, "zone " + zone + ": " + ds(stale) + " at the "
                                + "parent" + asked + " matches no DNSKEY of the zone: ask the registrar to remove it "
                                + "(harmless while the other DS matches)"));
                    }
                }
            }
            return out;
        }

        /** "key 64334 (algorithm 13)", "keys 1, 2 (algorithm 13)", or "your KSK" when there is none. */
        private static String keys(List<DNSKEYRecord> keys) {
            if (keys.isEmpty()) {
                return "the zone's key-signing key";
            }
            StringBuilder out = new StringBuilder(keys.size() == 1 ? "key " : "keys ");
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(keys.get(i).getFootprint());
            }
            return out.append(" (algorithm ").append(keys.get(0).getAlgorithm()).append(")").toString();
        }

        /** "DS 1234 13 2" per record: tag, algorithm, digest type (the digest itself says nothing to a person). */
        private static String ds(List<DSRecord> ds) {
            StringBuilder out = new StringBuilder();
            for (DSRecord d : ds) {
                out.append(out.length() == 0 ? "DS " : ", DS ").append(d.getFootprint()).append(' ')
                        .append(d.getAlgorithm()).append(' ').append(d.getDigestID());
            }
            return out.toString();
        }
    }
}
