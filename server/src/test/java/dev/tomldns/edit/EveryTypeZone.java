package dev.tomldns.edit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Type;

/**
 * A generated RFC 1035 zone with one record of every data type dnsjava knows (each at its own name, so no type
 * meets another): presentation-format samples for the types with one, the RFC 3597 generic form for the rest.
 */
final class EveryTypeZone {
    /** Types that are not data in a zone (RFC 6895 §3.1: queries, transfers, pseudo-records), and the SOA. */
    static final Set<Integer> NOT_DATA = Set.of(Type.OPT, Type.TSIG, Type.TKEY, Type.IXFR, Type.AXFR,
            Type.MAILA, Type.MAILB, Type.ANY, Type.SOA);

    private static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("A", "192.0.2.1");
        SAMPLES.put("NS", "ns1");
        SAMPLES.put("MD", "md.example.org.");
        SAMPLES.put("MF", "mf.example.org.");
        SAMPLES.put("CNAME", "target.example.org.");
        SAMPLES.put("MB", "mb.example.org.");
        SAMPLES.put("MG", "mg.example.org.");
        SAMPLES.put("MR", "mr.example.org.");
        SAMPLES.put("WKS", "192.0.2.1 tcp 25 80");
        SAMPLES.put("PTR", "ptr.example.org.");
        SAMPLES.put("HINFO", "\"x86\" \"Linux\"");
        SAMPLES.put("MINFO", "rmail.example.org. email.example.org.");
        SAMPLES.put("MX", "10 mail.example.org.");
        SAMPLES.put("TXT", "\"hello\" \"wor\\\"ld\"");
        SAMPLES.put("RP", "admin.example.org. txt.example.org.");
        SAMPLES.put("AFSDB", "1 afs.example.org.");
        SAMPLES.put("X25", "311061700956");
        SAMPLES.put("ISDN", "\"150862028003217\" \"004\"");
        SAMPLES.put("RT", "10 relay.example.org.");
        SAMPLES.put("NSAP", "0x47000580005a0000000001e133ffffff00016100");
        SAMPLES.put("NSAP-PTR", "nsap.example.org.");
        SAMPLES.put("SIG", "A 8 3 3600 20301231000000 20260101000000 12345 example.org. AQIDBA==");
        SAMPLES.put("KEY", "256 3 8 AwEAAc0=");
        SAMPLES.put("PX", "10 map822.example.org. mapx400.example.org.");
        SAMPLES.put("GPOS", "-32.6882 116.8652 10.0");
        SAMPLES.put("AAAA", "2001:db8::1");
        SAMPLES.put("LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 1.00m 10000.00m 10.00m");
        SAMPLES.put("NXT", "next.example.org. A NS");
        SAMPLES.put("SRV", "0 5 443 srv.example.org.");
        SAMPLES.put("NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.org.");
        SAMPLES.put("KX", "10 kx.example.org.");
        SAMPLES.put("CERT", "PKIX 12345 8 AQIDBA==");
        SAMPLES.put("A6", "0 2001:db8::1");
        SAMPLES.put("DNAME", "dname-target.example.org.");
        SAMPLES.put("APL", "1:192.0.2.0/24 !2:2001:db8::/32");
        SAMPLES.put("DS", "12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A2921187E0EE74EA6D9C5BEA42BF64C");
        SAMPLES.put("DLV", "12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A2921187E0EE74EA6D9C5BEA42BF64C");
        SAMPLES.put("TA", "12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A2921187E0EE74EA6D9C5BEA42BF64C");
        SAMPLES.put("SSHFP", "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789");
        SAMPLES.put("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==");
        SAMPLES.put("RRSIG", "A 13 3 3600 20301231000000 20260101000000 12345 example.org. AQIDBA==");
        SAMPLES.put("NSEC", "next.example.org. A NS RRSIG NSEC");
        SAMPLES.put("DNSKEY", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==");
        SAMPLES.put("DHCID", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=");
        SAMPLES.put("NSEC3", "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG");
        SAMPLES.put("NSEC3PARAM", "1 0 12 AABBCCDD");
        SAMPLES.put("TLSA", "3 1 1 8D02536C887482BC34FF54E41D2BA659BF85B341A0A20AFADB5813DCFBCF286D");
        SAMPLES.put("SMIMEA", "3 1 1 8D02536C887482BC34FF54E41D2BA659BF85B341A0A20AFADB5813DCFBCF286D");
        SAMPLES.put("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D");
        SAMPLES.put("CDS", "12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A2921187E0EE74EA6D9C5BEA42BF64C");
        SAMPLES.put("CDNSKEY", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==");
        SAMPLES.put("OPENPGPKEY", "mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjlqxx5gjtPhb2YhvyDMXjq");
        SAMPLES.put("CSYNC", "2026120301 3 A NS AAAA");
        SAMPLES.put("ZONEMD", "2026120301 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE");
        SAMPLES.put("SVCB", "1 svc.example.org. alpn=h2,h3 port=8443");
        SAMPLES.put("HTTPS", "1 . alpn=h2 ipv4hint=192.0.2.1");
        SAMPLES.put("SPF", "\"v=spf1 -all\"");
        SAMPLES.put("EUI48", "00-00-5e-00-53-2a");
        SAMPLES.put("EUI64", "00-00-5e-ef-10-00-00-2a");
        SAMPLES.put("URI", "10 1 \"https://www.example.org/\"");
        SAMPLES.put("CAA", "128 issue \"letsencrypt.org\"");
        SAMPLES.put("NID", "10 0014:4fff:ff20:ee64");
        SAMPLES.put("L32", "10 10.1.2.0");
        SAMPLES.put("L64", "10 2001:0db8:1140:1000");
        SAMPLES.put("LP", "10 l64-subnet1.example.org.");
    }

    private static final String GENERIC = "\\# 4 C0000201";

    private EveryTypeZone() {
    }

    private static boolean readable(int type, String data) {
        try {
            org.xbill.DNS.Record.fromString(org.xbill.DNS.Name.fromConstantString("t.every-type.test."), type,
                    org.xbill.DNS.DClass.IN, 300, data, org.xbill.DNS.Name.fromConstantString("every-type.test."));
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Every type number dnsjava has a mnemonic for, less those that cannot be zone data. */
    static java.util.List<Integer> dataTypes() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int t = 1; t < 65536; t++) {
            if (!Type.string(t).startsWith("TYPE") && !NOT_DATA.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The zone: SOA, apex NS, then {@code t-<type>} names, plus one unknown type (RFC 3597). */
    static String text(String origin) {
        StringBuilder z = new StringBuilder();
        z.append("$ORIGIN ").append(origin).append("\n$TTL 300\n")
                .append("@ IN SOA ns1 hostmaster 2026120301 7200 3600 1209600 300\n")
                .append("@ IN NS ns1\nns1 IN A 192.0.2.53\n")
                .append("t-unknown IN TYPE65280 \\# 3 ABCDEF\n");
        List<Integer> types = new java.util.ArrayList<>(dataTypes());
        // dnsjava's Master reads the end of a HIP line as part of the record and fails on the next line: HIP last.
        types.remove(Integer.valueOf(Type.HIP));
        types.add(Type.HIP);
        for (int t : types) {
            String mnemonic = Type.string(t);
            String data = SAMPLES.getOrDefault(mnemonic, GENERIC);
            if (!readable(t, data)) {
                data = GENERIC; // a type dnsjava has no presentation format for (it keeps it as unknown RDATA)
            }
            z.append("t-").append(mnemonic.toLowerCase(java.util.Locale.ROOT)).append(" IN ").append(mnemonic)
                    .append(' ').append(data).append('\n');
        }
        return z.toString();
    }
}
