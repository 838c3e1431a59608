package dev.tomldns.fastpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.edns.EdnsOptions;
import dev.tomldns.edns.Nsid;
import dev.tomldns.edns.ServerCookie;
import dev.tomldns.query.QueryContext;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.testing.Fixture;
import dev.tomldns.wire.Transport;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.tomldns.edit.MasterFileWriter;
import dev.tomldns.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Property: for random queries (names from the zone and around it, random letter case, types, EDNS payload sizes,
 * DO, RD, CD, ID, transport, and the EDNS options NSID and COOKIE of RFC 5001 and RFC 7873, with server cookies
 * valid, stale and forged, under settings with and without NSID and required cookies) the pre-encoded answer the fast path sends is byte for byte the response the uncached
 * encoder ({@link QueryProcessor}) makes. Tens of thousands of cases per run over generated zones with wildcards,
 * a delegation and DNAMEs (RFC 6672), and over the RFC fixture zones; the seed is printed on failure.
 */
class CachedAnswerPropertyTest {
    private static final int CASES = 40_000;
    private static final int[] TYPES = {Type.A, Type.A, Type.A, Type.AAAA, Type.AAAA, Type.TXT, Type.MX, Type.CAA,
        Type.NS, Type.SOA, Type.CNAME, Type.DNAME, Type.SRV, Type.PTR, Type.DS, Type.ANY, Type.HINFO, 65280,
        Type.RRSIG, Type.NSEC, Type.DNSKEY};
    private static final int[] PAYLOADS = {-1, -1, 0, 511, 512, 513, 1000, 1232, 1233, 1400, 4096, 65535};

    @Test
    void cachedAnswersAreTheEncodersBytes() throws Exception {
        List<Zone> zones = new ArrayList<>(Fixture.load(Fixture.fixtureZones()).zones());
        zones.addAll(Fixture.load(Fixture.root().resolve("server/src/test/resources/fixture/dname")).zones());
        zones.add(withDnames(FastPathMatchesReferenceTest.generated(2000)));
        Catalog catalog = Catalog.of(zones);
        long seed = System.nanoTime();
        int[] answered = new int[3];
        int fast = check(catalog, seed, answered);
        // Most random queries are of the plain shape the cache holds; a property that compares nothing proves nothing.
        assertTrue(fast > CASES / 3, "the cache answered only " + fast + " of " + CASES + " (seed " + seed + ")");
        // RFC 7873: resolvers send a cookie with nearly every query; the cache answers them, cookie written per reply.
        assertTrue(answered[2] > CASES / 10, "the cache answered only " + answered[2] + " queries with a cookie of "
                + CASES + " (seed " + seed + ")");
    }

    /**
     * RFC 4035 §3.1.1: over a zone signed by {@code ldns-signzone}, the cached DO=1 answers (RRSIGs included) are
     * the encoder's bytes too, and the cache answers DO=1 queries rather than leaving them all to the encoder.
     */
    @Test
    void cachedSignedAnswersAreTheEncodersBytes(@TempDir Path dir) throws Exception {
        Zone signed = sign(withDnames(FastPathMatchesReferenceTest.generated(2000)), dir);
        assertTrue(signed.signed(), "the zone ldns-signzone signed holds RRSIGs");
        Catalog catalog = Catalog.of(List.of(signed));
        long seed = System.nanoTime();
        int[] fast = new int[3];
        check(catalog, seed, fast);
        // Positive answers only (negative DO=1 answers carry NSEC proofs and take the encoder): a few thousand.
        assertTrue(fast[1] > CASES / 50, "the cache answered only " + fast[1] + " DO=1 queries of the signed zone of "
                + CASES + " (seed " + seed + ")");
    }

    /** The zone written as an RFC 1035 file, signed by ldns-signzone (NSEC, ECDSA P-256 from ldns-keygen), read back. */
    private static Zone sign(Zone zone, Path dir) throws Exception {
        Path file = dir.resolve("bench.test.zone");
        Files.writeString(file, MasterFileWriter.write(zone, "to be signed"));
        String[] keys = new String[2];
        for (int i = 0; i < 2; i++) {
            Tools.Result k = Tools.run("sh", "-c", "cd '" + dir + "' && ldns-keygen -a ECDSAP256SHA256 "
                    + (i == 0 ? "-k " : "") + "bench.test.");
            assertEquals(0, k.exit(), k.out());
            keys[i] = dir.resolve(k.out().strip().lines().reduce((a, b) -> b).orElseThrow()).toString();
        }
        Path out = dir.resolve("bench.test.signed");
        Tools.Result r = Tools.run("ldns-signzone", "-o", "bench.test.", "-f", out.toString(), file.toString(),
                keys[0], keys[1]);
        assertEquals(0, r.exit(), r.out());
        List<Record> records = new ArrayList<>();
        try (Master m = new Master(out.toString(), zone.origin())) {
            for (Record rec = m.nextRecord(); rec != null; rec = m.nextRecord()) {
                records.add(rec);
            }
        }
        SOARecord soa = (SOARecord) records.stream().filter(x -> x.getType() == Type.SOA).findFirst().orElseThrow();
        records.remove(soa);
        return Zone.build(soa, records);
    }

    /** The bench-shaped zone with DNAMEs beside its hosts: to the apex, onto the wildcard, out of the zone. */
    private static Zone withDnames(Zone z) {
        List<Record> records = new ArrayList<>(z.records());
        records.remove(0);
        records.add(new DNAMERecord(Name.fromConstantString("alias.bench.test."), DClass.IN, 600,
                Name.fromConstantString("bench.test.")));
        records.add(new DNAMERecord(Name.fromConstantString("wd.bench.test."), DClass.IN, 600,
                Name.fromConstantString("wild.bench.test.")));
        records.add(new DNAMERecord(Name.fromConstantString("ext.bench.test."), DClass.IN, 600,
                Name.fromConstantString("example.net.")));
        return Zone.build(z.soa(), records);
    }

    /**
     * Sends {@link #CASES} random queries; counts in {@code answered} the cache's answers, its DO=1 ones, and those
     * to a query with a COOKIE option.
     */
    private static int check(Catalog catalog, long seed, int[] answered) throws Exception {
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(catalog);
        QueryProcessor encoder = new QueryProcessor(registry);
        FastPath cache = new FastPath(encoder);
        Random rnd = new Random(seed);
        // One clock for both paths: a server cookie holds the second it was made in (RFC 9018 §4.3).
        long now = 1_800_000_000L;
        ServerCookie cookies = ServerCookie.withSecret(new byte[16]);
        EdnsOptions[] settings = {
            new EdnsOptions(null, cookies, false, () -> now),
            new EdnsOptions(Nsid.parse("ns1.example"), cookies, true, () -> now),
        };
        List<Name> names = new ArrayList<>();
        for (Zone z : catalog.zones()) {
            names.addAll(z.names());
            // RFC 1035 §4.1.4: the SOA's MNAME and RNAME (often no owner here) compress against a question that ends
            // with them, so negative answers at and below them are asked too.
            names.add(z.soa().getHost());
            names.add(z.soa().getAdmin());
        }
        String[] prefixes = {"", "", "", "nx", "*", "a.b", "www", "h1", "mail", "x.y.z"};
        for (int i = 0; i < CASES; i++) {
            Name base = names.get(rnd.nextInt(names.size()));
            String prefix = prefixes[rnd.nextInt(prefixes.length)];
            String text = prefix.isEmpty() ? base.toString() : prefix + "." + base;
            if (text.length() > 250) {
                continue;
            }
            text = randomCase(text, rnd);
            int type = TYPES[rnd.nextInt(TYPES.length)];
            int payload = PAYLOADS[rnd.nextInt(PAYLOADS.length)];
            boolean dnssecOk = rnd.nextBoolean();
            Message q = new Message(rnd.nextInt(65536));
            if (rnd.nextBoolean()) {
                q.getHeader().setFlag(Flags.RD);
            }
            if (rnd.nextInt(8) == 0) {
                q.getHeader().setFlag(Flags.CD);
            }
            q.addRecord(Record.newRecord(Name.fromString(text), type, DClass.IN), Section.QUESTION);
            encoder.setEdnsOptions(settings[rnd.nextInt(settings.length)]);
            List<EDNSOption> options = payload >= 0 ? options(rnd, cookies, now) : List.of();
            boolean cookie = options.stream().anyMatch(o -> o.getCode() == EDNSOption.Code.COOKIE);
            if (payload >= 0) {
                q.addRecord(new OPTRecord(payload, 0, 0, dnssecOk ? ExtendedFlags.DO : 0, options),
                        Section.ADDITIONAL);
            }
            byte[] wire = q.toWire();
            Transport t = rnd.nextInt(4) == 0 ? Transport.TCP : Transport.UDP;
            byte[] got = answer(cache, wire, t);
            if (got == null) {
                continue;
            }
            answered[0]++;
            if (payload >= 0 && dnssecOk) {
                answered[1]++;
            }
            if (cookie) {
                answered[2]++;
            }
            QueryContext ctx = t == Transport.UDP ? QueryContext.udp(Fixture.CLIENT)
                    : QueryContext.tcp(Fixture.CLIENT, b -> { });
            byte[] want = encoder.process(wire, ctx);
            String shown = text;
            assertArrayEquals(want, got, () -> "seed " + seed + ": " + shown + " " + Type.string(type) + " " + t
                    + " payload " + payload + " do " + dnssecOk + " options " + options + "\nencoder:\n" + Fixture.parse(want)
                    + "\ncached:\n" + ByteBufUtil.hexDump(got));
        }
        return answered[0];
    }

    /**
     * A query's EDNS options: none, NSID asking (empty) or not (with data), a client cookie alone or with a server
     * cookie that is valid, stale (RFC 9018 §4.3: over an hour old) or forged, a COOKIE of a length RFC 7873 §5.2.2
     * makes FORMERR, an option the cache leaves to the encoder, and combinations.
     */
    private static List<EDNSOption> options(Random rnd, ServerCookie cookies, long now) {
        List<EDNSOption> out = new ArrayList<>();
        if (rnd.nextInt(3) == 0) {
            out.add(rnd.nextInt(4) == 0 ? new NSIDOption(new byte[] {1, 2}) : new NSIDOption(new byte[0]));
        }
        byte[] client = new byte[8];
        rnd.nextBytes(client);
        byte[] forged = new byte[16];
        rnd.nextBytes(forged);
        switch (rnd.nextInt(8)) {
            case 0, 1 -> { }
            case 2, 3 -> out.add(new CookieOption(client));
            case 4 -> out.add(new CookieOption(client, cookies.make(client, Fixture.CLIENT.getAddress(), now - 10)));
            case 5 -> out.add(new CookieOption(client, rnd.nextBoolean() ? forged
                    : cookies.make(client, Fixture.CLIENT.getAddress(), now - 7200)));
            case 6 -> out.add(new GenericEDNSOption(EDNSOption.Code.COOKIE, new byte[5 + rnd.nextInt(2) * 36]));
            default -> out.add(new GenericEDNSOption(65001, new byte[] {7}));
        }
        if (rnd.nextInt(8) == 0) {
            out.add(new NSIDOption(new byte[0]));
        }
        return out;
    }

    private static String randomCase(String s, Random rnd) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    private static byte[] answer(FastPath fast, byte[] wire, Transport t) {
        ByteBuf out = fast.answer(Unpooled.wrappedBuffer(wire), t, Fixture.CLIENT, UnpooledByteBufAllocator.DEFAULT);
        if (out == null) {
            return null;
        }
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        return b;
    }
}
