package dev.tomldns.caa;

import java.util.List;
import java.util.Locale;
import org.xbill.DNS.CAARecord;

/** One way of deciding issuance from a relevant RRset: the RFC's, or a CA's actual code. */
public interface CaaReading {

    /** Who reads this way ("RFC 8659", "Let's Encrypt (boulder va/caa.go)"). */
    String name();

    /** Decides issuance for {@code request} from the relevant RRset ({@code rrset} empty when none was found). */
    Verdict evaluate(List<CAARecord> rrset, CaaRequest request);

    /** A property as a zone-file line: {@code 0 issue "letsencrypt.org"}, control octets escaped. */
    static String show(CAARecord r) {
        return r.getFlags() + " " + r.getTag() + " " + IssueValue.presentation(valueOf(r));
    }

    /** The value octets, one char per octet (dnsjava's getValue() escapes them). */
    static String valueOf(CAARecord r) {
        return new String(r.getValueAsByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** RFC 8659 §4.1: tags are matched case-insensitively. */
    static String tagOf(CAARecord r) {
        return r.getTag().toLowerCase(Locale.ROOT);
    }
}
