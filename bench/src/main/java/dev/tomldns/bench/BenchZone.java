package dev.tomldns.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A generated benchmark zone, deterministic per (origin, hosts, seed), written twice with the same content: in
 * tomldns's TOML format and as an RFC 1035 master file for NSD and Knot; plus a dnsperf query file with the
 * standard mix (A, AAAA, TXT, CAA, NXDOMAIN, NODATA).
 *
 * <p>Shape: apex NS/A/AAAA/MX/TXT/CAA, name servers with glue, a DMARC and a two-string DKIM TXT, a wildcard,
 * CNAMEs, then {@code hosts} names {@code h<i>} with an A, 40% an AAAA, 10% a TXT, 5% one or two CAA: about 1.57
 * records per host.
 */
public final class BenchZone {
    static final long SERIAL = 2026010101L;
    public final String origin;
    public final int hosts;
    private final List<Rec> records = new ArrayList<>();
    private final List<String> withAaaa = new ArrayList<>();
    private final List<String> plainA = new ArrayList<>();
    private final List<String> withTxt = new ArrayList<>();
    private final List<String> withCaa = new ArrayList<>();
    private final Random rnd;

    /** One record: owner relative to the origin ("@" = apex), type, and either data, text strings or CAA. */
    record Rec(String name, String type, String data, List<String> text, String caaTag, String caaValue, Integer ttl) {
        static Rec data(String name, String type, String data) {
            return new Rec(name, type, data, null, null, null, null);
        }
    }

    public BenchZone(String origin, int hosts, long seed) {
        this.origin = origin.endsWith(".") ? origin : origin + ".";
        this.hosts = hosts;
        this.rnd = new Random(seed * 31 + hosts);
        build();
    }

    /** A zone of about {@code records} records (hosts = records / 1.57). */
    public static BenchZone ofRecords(String origin, int records, long seed) {
        return new BenchZone(origin, Math.max(1, (int) Math.round(records / 1.57)), seed);
    }

    public int recordCount() {
        return records.size() + 1; // + SOA
    }

    private void build() {
        String o = origin;
        add("@", "NS", "ns1." + o);
        add("@", "NS", "ns2." + o);
        add("@", "A", "192.0.2.10");
        add("@", "AAAA", "2001:db8::10");
        add("@", "MX", "10 mail." + o);
        add("@", "MX", "20 mail2");
        records.add(new Rec("@", "TXT", null, List.of("v=spf1 mx a ip4:198.18.0.0/15 ip6:2001:db8::/32 -all"),
                null, null, null));
        records.add(new Rec("@", "CAA", null, null, "issue", "letsencrypt.org", 300));
        records.add(new Rec("@", "CAA", null, null, "issuewild", ";", 300));
        records.add(new Rec("@", "CAA", null, null, "iodef", "mailto:security@" + strip(o), 300));
        add("ns1", "A", "192.0.2.1");
        add("ns1", "AAAA", "2001:db8::1");
        add("ns2", "A", "192.0.2.2");
        add("ns2", "AAAA", "2001:db8::2");
        add("mail", "A", "192.0.2.25");
        add("mail", "AAAA", "2001:db8::25");
        add("mail2", "A", "192.0.2.26");
        records.add(new Rec("_dmarc", "TXT", null, List.of("v=DMARC1; p=reject; rua=mailto:dmarc@" + strip(o)
                + "; adkim=s; aspf=s"), null, null, null));
        byte[] key = new byte[294];
        rnd.nextBytes(key);
        String dkim = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key);
        records.add(new Rec("sel1._domainkey", "TXT", null, List.of(dkim.substring(0, 255), dkim.substring(255)),
                null, null, null));
        add("*.wild", "A", "198.19.255.1");
        add("*.wild", "AAAA", "2001:db8:ffff::1");
        records.add(new Rec("*.wild", "TXT", null, List.of("wildcard answer"), null, null, null));
        add("www", "CNAME", "@");
        add("cdn", "CNAME", "h1." + o);
        String[] issuers = {"letsencrypt.org", "sectigo.com", "pki.goog", "digicert.com"};
        for (int i = 1; i <= hosts; i++) {
            String h = "h" + i;
            add(h, "A", "198.18." + ((i >> 8) & 0xff) + "." + (i & 0xff));
            if (rnd.nextDouble() < 0.40) {
                add(h, "AAAA", "2001:db8:1::" + Integer.toHexString(i & 0xffff) + ":" + Integer.toHexString(i >> 16));
                withAaaa.add(h);
            } else {
                plainA.add(h);
            }
            double x = rnd.nextDouble();
            if (x < 0.05) {
                byte[] b = new byte[150];
                rnd.nextBytes(b);
                String t = "host=" + h + "; k=" + Base64.getEncoder().encodeToString(b);
                records.add(new Rec(h, "TXT", null, List.of(t), null, null, null));
                withTxt.add(h);
            } else if (x < 0.10) {
                records.add(new Rec(h, "TXT", null, List.of("v=host1", "owner=team-" + rnd.nextInt(100),
                        "site-verification=" + Integer.toHexString(rnd.nextInt())), null, null, null));
                withTxt.add(h);
            }
            if (rnd.nextDouble() < 0.05) {
                records.add(new Rec(h, "CAA", null, null, "issue", issuers[rnd.nextInt(4)], null));
                if (rnd.nextBoolean()) {
                    records.add(new Rec(h, "CAA", null, null, "issue", "letsencrypt.org; validationmethods=dns-01",
                            null));
                }
                withCaa.add(h);
            }
        }
    }

    private void add(String name, String type, String data) {
        records.add(Rec.data(name, type, data));
    }

    private static String strip(String o) {
        return o.substring(0, o.length() - 1);
    }

    /** Writes {@code <origin>.toml} into {@code dir} (a folder for {@code tomldns serve --zones}). */
    public Path writeToml(Path dir) {
        Path p = dir.resolve(strip(origin) + ".toml");
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("origin = " + q(origin) + "\nttl = 3600\n\n[soa]\nmname = " + q("ns1." + origin)
                    + "\nrname = " + q("hostmaster." + origin) + "\nserial = " + SERIAL
                    + "\nrefresh = 7200\nretry = 3600\nexpire = 1209600\nminimum = 300\n");
            for (Rec r : records) {
                w.write("\n[[records]]\nname = " + q(r.name) + "\ntype = " + q(r.type) + "\n");
                if (r.text != null) {
                    w.write("text = [" + String.join(", ", r.text.stream().map(BenchZone::q).toList()) + "]\n");
                } else if (r.caaTag != null) {
                    w.write("tag = " + q(r.caaTag) + "\nvalue = " + q(r.caaValue) + "\n");
                } else {
                    w.write("data = " + q(r.data) + "\n");
                }
                if (r.ttl != null) {
                    w.write("ttl = " + r.ttl + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Writes {@code <origin>.zone}, the same records as an RFC 1035 master file. */
    public Path writeRfc1035(Path dir) {
        Path p = dir.resolve(strip(origin) + ".zone");
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("$ORIGIN " + origin + "\n$TTL 3600\n@ IN SOA ns1." + origin + " hostmaster." + origin + " ( "
                    + SERIAL + " 7200 3600 1209600 300 )\n");
            for (Rec r : records) {
                String rdata = r.text != null ? String.join(" ", r.text.stream().map(BenchZone::zq).toList())
                        : r.caaTag != null ? "0 " + r.caaTag + " " + zq(r.caaValue) : r.data;
                w.write(r.name + " " + (r.ttl == null ? "" : r.ttl + " ") + "IN " + r.type + " " + rdata + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * Writes a dnsperf query file of {@code count} lines: 42% A, 18% AAAA, 15% TXT, 10% CAA, 10% NXDOMAIN, 5%
     * NODATA (the mix of issue 7), shuffled with the zone's seed.
     */
    public Path writeQueries(Path dir, int count) {
        Random r = new Random(rnd.nextLong());
        List<String> lines = new ArrayList<>(count);
        List<String> hostsWithAaaa = withAaaa.isEmpty() ? List.of("mail") : withAaaa;
        List<String> txt = withTxt.isEmpty() ? List.of("_dmarc") : withTxt;
        List<String> caa = withCaa.isEmpty() ? List.of("@") : withCaa;
        List<String> noAaaa = plainA.isEmpty() ? List.of("mail2") : plainA;
        for (int i = 0; i < count; i++) {
            int k = i % 100;
            if (k < 42) {
                lines.add(fq(r.nextDouble() < 0.9 ? "h" + (1 + r.nextInt(hosts))
                        : pick(r, "@", "www", "cdn", "mail", "ns1", "x" + r.nextInt(1000) + ".wild")) + " A");
            } else if (k < 60) {
                lines.add(fq(r.nextDouble() < 0.9 ? hostsWithAaaa.get(r.nextInt(hostsWithAaaa.size()))
                        : pick(r, "@", "www", "mail", "ns1", "a.wild")) + " AAAA");
            } else if (k < 75) {
                double x = r.nextDouble();
                lines.add(fq(x < 0.3 ? "sel1._domainkey" : x < 0.5 ? "_dmarc" : x < 0.7 ? "@"
                        : x < 0.75 ? "b.wild" : txt.get(r.nextInt(txt.size()))) + " TXT");
            } else if (k < 85) {
                lines.add(fq(r.nextBoolean() ? "@" : caa.get(r.nextInt(caa.size()))) + " CAA");
            } else if (k < 95) {
                double x = r.nextDouble();
                String rel = x < 0.35 ? "h" + (hosts + 1 + r.nextInt(10 * Math.max(hosts, 1000)))
                        : x < 0.55 ? "nx-" + Integer.toHexString(r.nextInt(1 << 24))
                        : x < 0.70 ? "sel" + (2 + r.nextInt(48)) + "._domainkey"
                        : x < 0.80 ? pick(r, "_mta-sts", "_smtp._tls", "autodiscover", "wpad", "ftp")
                        : "foo.h" + (1 + r.nextInt(hosts));
                lines.add(fq(rel) + " " + pick(r, "A", "A", "A", "AAAA", "TXT", "MX"));
            } else {
                double x = r.nextDouble();
                lines.add(x < 0.35 ? fq(noAaaa.get(r.nextInt(noAaaa.size()))) + " AAAA"
                        : x < 0.55 ? fq("h" + (1 + r.nextInt(hosts))) + " MX"
                        : x < 0.80 ? fq("_domainkey") + " TXT" : fq("_dmarc") + " A");
            }
        }
        Collections.shuffle(lines, r);
        Path p = dir.resolve("queries.txt");
        try {
            Files.write(p, lines, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private String fq(String rel) {
        return rel.equals("@") ? origin : rel + "." + origin;
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String zq(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** {@code java -cp tomldns-bench.jar dev.tomldns.bench.BenchZone DIR [hosts] [queries]}: writes all three. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-zone");
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Files.createDirectories(dir);
        BenchZone z = new BenchZone("bench.test.", hosts, 1);
        z.writeToml(dir);
        z.writeRfc1035(dir);
        z.writeQueries(dir, queries);
        System.out.println(dir + ": " + z.recordCount() + " records, " + queries + " queries");
    }
}
