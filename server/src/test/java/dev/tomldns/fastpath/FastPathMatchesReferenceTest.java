package dev.tomldns.fastpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The fast path must send exactly the octets the reference {@link QueryProcessor} sends (RFC 1034 §4.3.2, RFC 2308,
 * RFC 4592 and RFC 1035 §4.1.4 compression included): every name of the fixture, example and a generated zone,
 * children of them, wildcard and non-existent names, mixed letter case, many types, with and without EDNS and DO,
 * RD and CD, over UDP or TCP, goes through both paths and the bytes are compared whenever the fast path answers.
 */
class FastPathMatchesReferenceTest {
    private static final int[] TYPES = {Type.A, Type.AAAA, Type.TXT, Type.MX, Type.NS, Type.SOA, Type.CNAME,
        Type.CAA, Type.SRV, Type.PTR, Type.DS, Type.ANY, Type.NULL, 65280, Type.HINFO, Type.SSHFP};

    @Test
    void fixtureZonesAnswerByteForByteAsTheReference() {
        Stats s = compareAll(Fixture.load(Fixture.fixtureZones()));
        assertTrue(s.fast > s.total / 4, "fast path answered only " + s);
    }

    @Test
    void exampleZonesAnswerByteForByteAsTheReference() {
        Stats s = compareAll(Fixture.load(Fixture.exampleZones()));
        assertTrue(s.fast > s.total / 4, "fast path answered only " + s);
    }

    @Test
    void generatedZoneAnswersByteForByteAsTheReference() throws Exception {
        Stats s = compareAll(Catalog.of(List.of(generated(300))));
        // The plain shapes dominate a generated zone: most queries must take the fast path.
        assertTrue(s.fast > s.total / 2, "fast path answered only " + s);
    }

    @Test
    void uncommonShapesAreLeftToTheReference() throws Exception {
        QueryProcessor p = new QueryProcessor(registry(Catalog.of(List.of(generated(10)))));
        FastPath fast = new FastPath(p);
        Message ok = query("h1.bench.test.", Type.A, 0, 1, -1, false);
        assertNotNull(answer(fast, ok.toWire(), Transport.UDP), "a plain query takes the fast path");
        // RFC 7873: a client cookie is a plain query too (its server cookie is written per reply).
        Message withCookie = query("h1.bench.test.", Type.A, 0, 1, -1, false);
        withCookie.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new org.xbill.DNS.CookieOption(new byte[8]))),
                Section.ADDITIONAL);
        assertNotNull(answer(fast, withCookie.toWire(), Transport.UDP), "a query with a client cookie");
        // EDNS version 1 (RFC 6891 §6.1.3 BADVERS), an OPT with an option other than NSID and COOKIE, a NOTIFY,
        // two questions, ANY, DS, a CHAOS question, a name in no zone of ours: all answered by the reference path.
        Message badvers = query("h1.bench.test.", Type.A, 0, 1, -1, false);
        badvers.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        assertNull(answer(fast, badvers.toWire(), Transport.UDP));
        Message withOption = query("h1.bench.test.", Type.A, 0, 1, -1, false);
        withOption.addRecord(new OPTRecord(1232, 0, 0, 0,
                List.of(new org.xbill.DNS.GenericEDNSOption(65001, new byte[] {7}))), Section.ADDITIONAL);
        assertNull(answer(fast, withOption.toWire(), Transport.UDP));
        Message notify = query("bench.test.", Type.SOA, 0, 1, -1, false);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        assertNull(answer(fast, notify.toWire(), Transport.UDP));
        Message two = query("h1.bench.test.", Type.A, 0, 1, -1, false);
        two.addRecord(Record.newRecord(Name.fromString("h2.bench.test."), Type.A, DClass.IN), Section.QUESTION);
        assertNull(answer(fast, two.toWire(), Transport.UDP));
        assertNull(answer(fast, query("h1.bench.test.", Type.ANY, 0, 1, -1, false).toWire(), Transport.UDP));
        assertNull(answer(fast, query("bench.test.", Type.DS, 0, 1, -1, false).toWire(), Transport.UDP));
        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        assertNull(answer(fast, chaos.toWire(), Transport.UDP));
        assertNull(answer(fast, query("example.org.", Type.A, 0, 1, -1, false).toWire(), Transport.UDP));
        byte[] truncatedHeader = new byte[11];
        assertNull(answer(fast, truncatedHeader, Transport.UDP));
        // RFC 1034 §4.3.5: an expired secondary zone stays in the catalog snapshot without its data; the cache
        // leaves its names to the reference path, which answers SERVFAIL.
        ZoneRegistry registry = p.registry();
        registry.update(c -> c.expire(Name.fromConstantString("bench.test.")));
        assertEquals(org.xbill.DNS.Rcode.SERVFAIL, Fixture.ask(p, ok).getRcode());
        assertNull(answer(fast, ok.toWire(), Transport.UDP));
    }

    @Test
    void aReloadIsServedFromTheNewZoneAtOnce() throws Exception {
        ZoneRegistry registry = registry(Catalog.of(List.of(generated(10))));
        QueryProcessor p = new QueryProcessor(registry);
        FastPath fast = new FastPath(p);
        byte[] q = query("h1.bench.test.", Type.A, 0, 1, -1, false).toWire();
        assertNotNull(answer(fast, q, Transport.UDP));
        registry.set(Catalog.of(List.of(generated(5).withSerial(7))));
        byte[] after = answer(fast, q, Transport.UDP);
        assertNotNull(after);
        // The new zone has serial 7 and fewer hosts: the reference path answers from it, and so must the fast path.
        assertArrayEquals(p.process(q, QueryContext.udp(Fixture.CLIENT)), after);
    }

    @Test
    void fastPathAnswersAreCountedLikeReferenceAnswers() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        QueryProcessor p = new QueryProcessor(registry(Catalog.of(List.of(generated(10)))),
                new dev.tomldns.metrics.MicrometerDnsMetrics(meters, false), dev.tomldns.metrics.QueryLog.OFF);
        FastPath fast = new FastPath(p);
        for (int i = 0; i < 5; i++) {
            assertNotNull(answer(fast, query("h1.bench.test.", Type.A, i, 1, -1, false).toWire(), Transport.UDP));
        }
        assertNotNull(answer(fast, query("nx.bench.test.", Type.A, 9, 1, -1, false).toWire(), Transport.UDP));
        double counted = meters.find("dns.queries").counters().stream().mapToDouble(c -> c.count()).sum();
        assertEquals(6.0, counted, "every fast-path answer counts as a query");
    }

    // --- the comparison --------------------------------------------------------------------------------------

    private static final class Stats {
        int total;
        int fast;

        @Override
        public String toString() {
            return fast + " of " + total + " queries";
        }
    }

    private static Stats compareAll(Catalog catalog) {
        QueryProcessor reference = new QueryProcessor(registry(catalog));
        FastPath fast = new FastPath(reference);
        Random rnd = new Random(7);
        Stats stats = new Stats();
        for (Name name : probeNames(catalog)) {
            for (int type : TYPES) {
                // One variant and transport per (name, type), drawn from a fixed seed: all of them over the run.
                for (int variant = rnd.nextInt(6), v = 0; v < 1; v++) {
                    String text = variant % 2 == 1 ? mixCase(name.toString(), rnd) : name.toString();
                    int payload = switch (variant) {
                        case 2 -> 512;
                        case 3 -> 1232;
                        case 4 -> 4096;
                        case 5 -> 0;
                        default -> -1;
                    };
                    Message q = query(text, type, rnd.nextInt(65536), variant & 1, payload, variant == 4);
                    if (variant == 3) {
                        q.getHeader().setFlag(Flags.CD);
                    }
                    byte[] wire = q.toWire();
                    for (Transport t : List.of(Transport.values()[rnd.nextInt(2)])) {
                        stats.total++;
                        byte[] got = answer(fast, wire, t);
                        if (got == null) {
                            continue;
                        }
                        stats.fast++;
                        QueryContext ctx = t == Transport.UDP ? QueryContext.udp(Fixture.CLIENT)
                                : QueryContext.tcp(Fixture.CLIENT, b -> { });
                        byte[] want = reference.process(wire, ctx);
                        assertArrayEquals(want, got, () -> "differs for " + text + " " + Type.string(type) + " "
                                + t + " payload " + payload + "\nreference:\n" + Fixture.parse(want)
                                + "\nfast:\n" + parseOrHex(got));
                    }
                }
            }
        }
        return stats;
    }

    private static String parseOrHex(byte[] b) {
        try {
            return new Message(b).toString();
        } catch (Exception e) {
            return ByteBufUtil.hexDump(b);
        }
    }

    private static byte[] answer(FastPath fast, byte[] wire, Transport t) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        ByteBuf out = fast.answer(in, t, Fixture.CLIENT, UnpooledByteBufAllocator.DEFAULT);
        if (out == null) {
            return null;
        }
        byte[] b = ByteBufUtil.getBytes(out);
        out.release();
        return b;
    }

    /** Every name of every zone, plus children, grandchildren, wildcard-looking and out-of-zone names. */
    private static Set<Name> probeNames(Catalog catalog) {
        Set<Name> out = new LinkedHashSet<>();
        for (Zone z : catalog.zones()) {
            List<Name> base = new ArrayList<>(z.names());
            base.add(z.negativeSoa().getAdmin());
            base.add(z.negativeSoa().getHost());
            for (Name n : base) {
                out.add(n);
                for (String prefix : List.of("zz-nothere", "a.b", "hostmaster", "ns1", "*", "x.*", "mail")) {
                    try {
                        out.add(Name.concatenate(Name.fromString(prefix), n));
                    } catch (Exception e) {
                        // too long: skip
                    }
                }
            }
            out.add(Name.fromConstantString("not-ours.invalid."));
        }
        return out;
    }

    private static String mixCase(String s, Random rnd) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    /** A query; {@code payload} -1 = no EDNS. */
    private static Message query(String name, int type, int id, int rd, int payload, boolean dnssecOk) {
        try {
            Message m = new Message(id);
            if (rd != 0) {
                m.getHeader().setFlag(Flags.RD);
            }
            m.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
            if (payload >= 0) {
                m.addRecord(new OPTRecord(payload, 0, 0, dnssecOk ? org.xbill.DNS.ExtendedFlags.DO : 0),
                        Section.ADDITIONAL);
            }
            return m;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ZoneRegistry registry(Catalog c) {
        ZoneRegistry r = new ZoneRegistry();
        r.set(c);
        return r;
    }

    /** A zone shaped like the bench zone: hosts with A, some AAAA/TXT/CAA, MX, a wildcard, a delegation. */
    static Zone generated(int hosts) throws Exception {
        Name origin = Name.fromString("bench.test.");
        Name ns1 = Name.fromString("ns1.bench.test.");
        SOARecord soa = new SOARecord(origin, DClass.IN, 3600, ns1, Name.fromString("hostmaster.bench.test."),
                2026010101, 7200, 3600, 1209600, 300);
        List<Record> r = new ArrayList<>();
        r.add(new NSRecord(origin, DClass.IN, 3600, ns1));
        r.add(new ARecord(ns1, DClass.IN, 3600, java.net.InetAddress.getByName("192.0.2.1")));
        r.add(new MXRecord(origin, DClass.IN, 3600, 10, Name.fromString("mail.bench.test.")));
        r.add(new ARecord(Name.fromString("mail.bench.test."), DClass.IN, 3600,
                java.net.InetAddress.getByName("192.0.2.25")));
        r.add(new TXTRecord(Name.fromString("sel1._domainkey.bench.test."), DClass.IN, 3600,
                List.of("v=DKIM1; k=rsa; p=" + "A".repeat(230), "B".repeat(200))));
        r.add(new ARecord(Name.fromString("*.wild.bench.test."), DClass.IN, 3600,
                java.net.InetAddress.getByName("198.19.255.1")));
        r.add(new TXTRecord(Name.fromString("*.wild.bench.test."), DClass.IN, 3600, "wildcard answer"));
        r.add(new NSRecord(Name.fromString("Sub.bench.test."), DClass.IN, 3600, Name.fromString("ns.sub.bench.test.")));
        r.add(new ARecord(Name.fromString("ns.sub.bench.test."), DClass.IN, 3600,
                java.net.InetAddress.getByName("192.0.2.53")));
        for (int i = 1; i <= hosts; i++) {
            Name h = Name.fromString("H" + i + ".bench.test.");
            r.add(new ARecord(h, DClass.IN, 3600, java.net.InetAddress.getByAddress(new byte[] {10, 0,
                (byte) (i >> 8), (byte) i})));
            if (i % 3 == 0) {
                r.add(new AAAARecord(h, DClass.IN, 3600, java.net.InetAddress.getByName("2001:db8::" + i)));
            }
            if (i % 17 == 0) {
                r.add(new TXTRecord(h, DClass.IN, 300, "host=" + i + "; " + "k".repeat(i % 200)));
            }
            if (i % 19 == 0) {
                r.add(new CAARecord(h, DClass.IN, 3600, 0, "issue", "letsencrypt.org"));
            }
            if (i % 50 == 0) {
                r.add(new MXRecord(h, DClass.IN, 3600, 10, Name.fromString("mail.bench.test.")));
            }
        }
        return Zone.build(soa, r);
    }
}
