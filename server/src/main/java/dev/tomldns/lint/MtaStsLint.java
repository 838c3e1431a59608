package dev.tomldns.lint;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Checks MTA-STS policy indicators (RFC 8461 §3.1) at {@code _mta-sts.<domain>}. */
final class MtaStsLint {
    private final ServedRecords zones;
    private final Findings out;

    MtaStsLint(ServedRecords zones, Findings out) {
        this.zones = zones;
        this.out = out;
    }

    void check(Name name) {
        if (name.labels() < 3 || !ServedRecords.labelIs(name, 0, "_mta-sts")) {
            return;
        }
        // RFC 8461 §3.1: records not starting with "v=STSv1;" are discarded; exactly one must remain.
        List<ServedRecords.Txt> sts = zones.txt(name).stream()
                .filter(t -> t.startsWithoutSpaces("v=STSv1")).toList();
        if (sts.size() > 1) {
            sts.subList(1, sts.size()).forEach(t -> out.error(t.source(), "RFC 8461 §3.1", sts.size()
                    + " MTA-STS records at " + name + ": senders then assume there is no MTA-STS policy",
                    "keep a single v=STSv1 record"));
        }
        zones.txt(name).stream().filter(t -> !t.startsWithoutSpaces("v=STSv1"))
                .forEach(t -> out.warning(t.source(), "RFC 8461 §3.1", "TXT at " + name + " does not start with "
                        + "v=STSv1; senders discard it", "v=STSv1; id=20260101T000000"));
        sts.forEach(t -> checkRecord(new Name(name, 1), t.source(), t.text()));
    }

    private void checkRecord(Name domain, LintRecord at, String text) {
        TagList tags = TagList.parse(text);
        tags.problems().forEach(p -> out.error(at, "RFC 8461 §3.1", "MTA-STS record: " + p, "v=STSv1; id=..."));
        if (!tags.tags().isEmpty() && !"STSv1".equals(tags.tags().get(0).value())) {
            out.error(at, "RFC 8461 §3.1", "v= must be exactly STSv1", "v=STSv1; id=...");
        }
        String id = tags.value("id");
        if (id == null) {
            out.error(at, "RFC 8461 §3.1", "the required id= tag is missing: senders ignore the record",
                    "add id=<1-32 letters or digits, changed whenever the policy changes>");
        } else if (!id.matches("[A-Za-z0-9]{1,32}")) {
            out.error(at, "RFC 8461 §3.1", "id=" + id + " must be 1 to 32 letters or digits",
                    "e.g. id=20260101T000000");
        }
        checkPolicyHost(domain, at);
    }

    /** RFC 8461 §3.3: the policy itself is fetched from https://mta-sts.<domain>/.well-known/mta-sts.txt. */
    private void checkPolicyHost(Name domain, LintRecord at) {
        Name host;
        try {
            host = Name.fromString("mta-sts", domain);
        } catch (TextParseException e) {
            return;
        }
        if (!zones.serves(host)) {
            return;
        }
        boolean resolves = !zones.at(host, Type.A).isEmpty() || !zones.at(host, Type.AAAA).isEmpty()
                || !zones.at(host, Type.CNAME).isEmpty();
        if (!resolves) {
            out.warning(at, "RFC 8461 §3.3", "senders fetch the policy from https://" + host.toString(true)
                    + "/.well-known/mta-sts.txt, but " + host + " has no A, AAAA or CNAME record",
                    "add an address for " + host);
        }
    }
}
