package dev.tomldns.dnssec;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * Small zones signed by dnsjava with a fresh ECDSA P-256 key (RFC 6605), each RRset's RRSIG expiring when the test
 * says: real signatures, so what tomldns reads is what a signer writes.
 */
public final class SignedZones {
    public static final long TTL = 3600;

    private SignedZones() {
    }

    /**
     * SOA, NS and A at the apex, the DNSKEY, and one TXT RRset per entry of {@code txtExpiring} (label to
     * expiration), each signed; the apex RRsets' signatures expire at {@code apexExpiring}.
     */
    public static List<Record> signed(Name origin, Instant apexExpiring, Map<String, Instant> txtExpiring) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            DNSKEYRecord key = new DNSKEYRecord(origin, DClass.IN, TTL, 257, DNSKEYRecord.Protocol.DNSSEC,
                    DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
            Name ns = Name.fromConstantString("ns1." + origin);
            List<Record> out = new ArrayList<>();
            Instant inception = Instant.now().minusSeconds(3600);
            for (Record r : List.of(soa(origin), new NSRecord(origin, DClass.IN, TTL, ns),
                    new ARecord(ns, DClass.IN, TTL, java.net.InetAddress.getByName("192.0.2.1")), key)) {
                out.add(r);
                out.add(DNSSEC.sign(new RRset(r), key, pair.getPrivate(), inception, apexExpiring));
            }
            for (Map.Entry<String, Instant> t : txtExpiring.entrySet()) {
                TXTRecord txt = new TXTRecord(Name.fromConstantString(t.getKey() + "." + origin), DClass.IN, TTL,
                        "expires " + t.getValue());
                out.add(txt);
                out.add(DNSSEC.sign(new RRset(txt), key, pair.getPrivate(), inception, t.getValue()));
            }
            return out;
        } catch (GeneralSecurityException | java.io.IOException | DNSSEC.DNSSECException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SOARecord soa(Name origin) {
        return new SOARecord(origin, DClass.IN, TTL, Name.fromConstantString("ns1." + origin),
                Name.fromConstantString("hostmaster." + origin), 1, 3600, 600, 86400, 300);
    }

    /** The same records as a TOML zone file in the {@code data} form (a pre-signed zone as NSD serves one). */
    public static String toml(Name origin, List<Record> records) {
        StringBuilder t = new StringBuilder("origin = \"" + origin + "\"\nttl = " + TTL + "\n\n[soa]\n");
        SOARecord soa = (SOARecord) records.stream().filter(r -> r instanceof SOARecord).findFirst().orElseThrow();
        t.append("mname = \"").append(soa.getHost()).append("\"\nrname = \"").append(soa.getAdmin())
                .append("\"\nserial = ").append(soa.getSerial()).append("\nrefresh = ").append(soa.getRefresh())
                .append("\nretry = ").append(soa.getRetry()).append("\nexpire = ").append(soa.getExpire())
                .append("\nminimum = ").append(soa.getMinimum()).append("\n\n");
        for (Record r : records) {
            if (r instanceof SOARecord) {
                continue;
            }
            t.append("[[records]]\nname = \"").append(r.getName()).append("\"\ntype = \"")
                    .append(org.xbill.DNS.Type.string(r.getType())).append("\"\ndata = \"")
                    .append(r.rdataToString().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n\n");
        }
        return t.toString();
    }

    /** The RRSIG covering {@code type} at {@code owner}. */
    public static RRSIGRecord signatureOf(List<Record> records, Name owner, int type) {
        return records.stream().filter(r -> r instanceof RRSIGRecord s && s.getTypeCovered() == type
                && s.getName().equals(owner)).map(r -> (RRSIGRecord) r).findFirst().orElseThrow();
    }
}
