package dev.tomldns.dnssec;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * The zone the signers sign for the validation tests, and the queries asked of it: one of every kind of answer a
 * signed zone gives (RFC 4035 §3.1: positive, CNAME and DNAME chains, wildcard answer and NODATA, NXDOMAIN, NODATA,
 * empty non-terminal, insecure and secure delegation, DS).
 */
public final class SignedZoneCases {
    private SignedZoneCases() {
    }

    /** One query and whether it proves secure (AD) when the validator asks the signer itself. */
    public record Case(String name, String type, String rcode, boolean secure, String what) {
        public String fqdn(Name origin) {
            return name.equals("@") ? origin.toString() : name + "." + origin;
        }

        @Override
        public String toString() {
            return name + " " + type + " (" + what + ")";
        }
    }

    /** The insecure delegation's child: served unsigned by the signer itself. */
    public static Name unsignedChild(Name origin) {
        return Name.fromConstantString("unsigned." + origin);
    }

    public static final List<Case> CASES = List.of(
            new Case("@", "SOA", "NOERROR", true, "apex SOA"),
            new Case("@", "NS", "NOERROR", true, "apex NS"),
            new Case("@", "DNSKEY", "NOERROR", true, "DNSKEY"),
            new Case("@", "CAA", "NOERROR", true, "CAA, as a CA asks"),
            new Case("@", "TXT", "NOERROR", true, "SPF TXT"),
            new Case("@", "MX", "NOERROR", true, "MX"),
            new Case("mail", "A", "NOERROR", true, "A"),
            new Case("mail", "AAAA", "NOERROR", true, "AAAA"),
            new Case("_dmarc", "TXT", "NOERROR", true, "DMARC TXT"),
            new Case("_sip._udp", "SRV", "NOERROR", true, "SRV"),
            new Case("_25._tcp.mail", "TLSA", "NOERROR", true, "TLSA"),
            new Case("www", "A", "NOERROR", true, "CNAME to an A"),
            new Case("alias", "AAAA", "NOERROR", true, "CNAME chain of two"),
            new Case("www", "CNAME", "NOERROR", true, "the CNAME itself"),
            new Case("x.dn", "A", "NOERROR", true, "DNAME redirection (RFC 6672)"),
            new Case("dn", "DNAME", "NOERROR", true, "the DNAME itself"),
            new Case("host.wild", "TXT", "NOERROR", true, "wildcard answer (RFC 4035 §3.1.3.3)"),
            new Case("a.b.wild", "CAA", "NOERROR", true, "wildcard answer two labels down"),
            new Case("host.wild", "A", "NOERROR", true, "wildcard NODATA (§3.1.3.4)"),
            new Case("nope", "A", "NXDOMAIN", true, "NXDOMAIN (§3.1.3.2)"),
            new Case("deep.nx.mail", "CAA", "NXDOMAIN", true, "NXDOMAIN below an existing name"),
            new Case("mail", "TXT", "NOERROR", true, "NODATA (§3.1.3.1)"),
            new Case("@", "AAAA", "NOERROR", true, "NODATA at the apex"),
            new Case("b.ent", "A", "NOERROR", true, "empty non-terminal"),
            new Case("ent", "TXT", "NOERROR", true, "empty non-terminal two up"),
            new Case("host.unsigned", "A", "NOERROR", false, "below an insecure delegation: insecure, not bogus"),
            new Case("unsigned", "DS", "NOERROR", true, "DS absent at an insecure delegation (§3.1.4.1)"),
            new Case("secure", "DS", "NOERROR", true, "DS of a secure delegation (§3.1.4)"),
            new Case("mail", "DS", "NOERROR", true, "DS asked of a name that is no cut"),
            new Case("nope", "DS", "NXDOMAIN", true, "DS of a name that does not exist"),
            new Case("mail", "NSEC", "NOERROR", true, "NSEC asked directly"));

    /** The signed zone's text (RFC 1035); SOA refresh 2 s so a secondary follows quickly. */
    public static String zone(Name origin) {
        return """
                $ORIGIN %1$s
                $TTL 300
                @ SOA ns1 hostmaster 1 2 1 3600 300
                @ NS ns1
                ns1 A 127.0.0.1
                @ CAA 0 issue "letsencrypt.org"
                @ CAA 0 iodef "mailto:security@%1$s"
                @ TXT "v=spf1 mx -all"
                @ MX 10 mail
                mail A 192.0.2.25
                mail AAAA 2001:db8::25
                _dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@%1$s"
                _sip._udp SRV 10 5 5060 mail
                _25._tcp.mail TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                www CNAME mail
                alias CNAME www
                *.wild TXT "wildcard"
                *.wild CAA 0 issue "letsencrypt.org"
                a.b.ent A 192.0.2.7
                dn DNAME target
                x.target A 192.0.2.99
                unsigned NS ns.unsigned
                ns.unsigned A 127.0.0.1
                secure NS ns.secure
                ns.secure A 127.0.0.1
                %2$s
                """.formatted(origin, secureDs(origin));
    }

    /** The insecure delegation's child zone, unsigned. */
    public static String unsignedChildZone(Name origin) {
        return """
                $ORIGIN %s
                $TTL 300
                @ SOA ns hostmaster 1 60 30 3600 300
                @ NS ns
                ns A 127.0.0.1
                host A 192.0.2.80
                """.formatted(unsignedChild(origin));
    }

    /** A DS for {@code secure.<origin>}: the digest of a fresh ECDSA key's DNSKEY (RFC 4509 SHA-256). */
    static String secureDs(Name origin) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            Name child = Name.fromConstantString("secure." + origin);
            DNSKEYRecord key = new DNSKEYRecord(child, DClass.IN, 300, 257, DNSKEYRecord.Protocol.DNSSEC,
                    DNSSEC.Algorithm.ECDSAP256SHA256, g.generateKeyPair().getPublic());
            return new DSRecord(child, DClass.IN, 300, DNSSEC.Digest.SHA256, key).toString();
        } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
            throw new IllegalStateException(e);
        }
    }
}
