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
        // RFC 8461 §3.1: records not starting with "v=STSv1" (sts-version = %s"v=STSv1", case-sensitive) are
        // discarded; exactly one must remain.
        List<ServedRecords.Txt> sts = zones.txt(name).stream().filter(t -> beginsWithVersion(t.text())).toList();
        if (sts.size() > 1) {
            sts.subList(1, sts.size()).forEach(t -> out.error(t.source(), "RFC 8461 §3.1", sts.size()
                    + " MTA-STS records at " + name + ": senders then assume there is no MTA-STS policy",
                    "keep a single v=STSv1 record"));
        }
        zones.txt(name).stream().filter(t -> !beginsWithVersion(t.text()))
                .forEach(t -> out.error(t.source(), "RFC 8461 §3.1", "TXT at " + name + " does not begin with "
                        + "v=STSv1 (exactly, case as written): senders discard it"
                        + (sts.isEmpty() ? " and see no MTA-STS policy for " + new Name(name, 1) : ""),
                        "v=STSv1; id=20260101T000000"));
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
        } else if (!Ascii.alnum(id, 1, 32)) {
            out.error(at, "RFC 8461 §3.1", "id=" + Ascii.cut(id) + " must be 1 to 32 letters or digits",
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

    /** RFC 8461 §3.1: the text begins with "v=STSv1", then ';', white space or its end. */
    static boolean beginsWithVersion(String text) {
        return TlsRptLint.beginsWith(text, "v=STSv1");
    }
}
