package dev.tomldns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.dnssec.sign.SigningKey;
import dev.tomldns.dnssec.sign.SigningPolicy;
import dev.tomldns.dnssec.sign.ZoneSigner;
import dev.tomldns.metrics.MicrometerDnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.Sockets;
import dev.tomldns.transport.DnsServer;
import dev.tomldns.transport.TcpSettings;
import dev.tomldns.wire.ResponseKind;
import dev.tomldns.zone.Catalog;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RRL buckets a response synthesized from a wildcard (RFC 4592 §3.3.1) by the wildcard, as NSD and BIND do, and an
 * NXDOMAIN by its zone, DNSSEC proofs or truncation notwithstanding: a flood of random names under
 * one wildcard, or of random non-existent names, is one bucket per client prefix, whichever path answers it (the
 * answer cache for a wildcard A or TXT, the reference path for a wildcard CNAME, NODATA, DO=1) and whatever the
 * query's buffer size. Over real sockets, against the fixture zone and the same zone signed.
 */
class Rfc4592WildcardRateLimitTest {
    private static final int RATE = 5;
    private static final int BURST = 40;

    /** A flood of random names, each case from its own client prefix. */
    enum Flood {
        WILDCARD_A("%s.wild.example.com.", Type.A, Rcode.NOERROR, false, 0),
        WILDCARD_TXT("%s.wild.example.com.", Type.TXT, Rcode.NOERROR, false, 0),
        WILDCARD_NODATA("%s.wild.example.com.", Type.MX, Rcode.NOERROR, false, 0),
        WILDCARD_CNAME("%s.cwild.example.com.", Type.A, Rcode.NOERROR, false, 0),
        WILDCARD_TWO_LABELS("%1$s.%1$s.wild.example.com.", Type.A, Rcode.NOERROR, false, 0),
        SIGNED_WILDCARD_A("%s.wild.example.com.", Type.A, Rcode.NOERROR, true, 1232),
        SIGNED_WILDCARD_NODATA("%s.wild.example.com.", Type.MX, Rcode.NOERROR, true, 1232),
        // RFC 4035 §3.1.3.2: the SOA, then NSEC records whose owners differ from name to name.
        SIGNED_NXDOMAIN("%s.nx.example.com.", Type.A, Rcode.NXDOMAIN, true, 1232),
        // The same proofs do not fit 512 octets: a truncated NXDOMAIN.
        SIGNED_NXDOMAIN_TRUNCATED("%s.nx.example.com.", Type.A, Rcode.NXDOMAIN, true, 512);

        final String name;
        final int type;
        final int rcode;
        final boolean signed;
        final int bufsize;

        Flood(String name, int type, int rcode, boolean signed, int bufsize) {
            this.name = name;
            this.type = type;
            this.rcode = rcode;
            this.signed = signed;
            this.bufsize = bufsize;
        }

        ResponseKind kind() {
            return rcode == Rcode.NXDOMAIN ? ResponseKind.NXDOMAIN
                    : type == Type.MX ? ResponseKind.NODATA : ResponseKind.ANSWER;
        }

        Message query(Random random) {
            Message q = Fixture.query(String.format(name, "r" + Long.toHexString(random.nextLong())), type);
            if (bufsize > 0) {
                q.addRecord(new OPTRecord(bufsize, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
            }
            return q;
        }
    }

    private SimpleMeterRegistry meters;
    private DnsServer server;
    private InetSocketAddress address;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Flood.class)
    void aRandomNameFloodIsOneBucket(Flood f) throws Exception {
        start(f.signed);
        Random random = new Random(f.ordinal());
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            sent.add(f.query(random));
        }
        String from = "127.0." + (10 + f.ordinal()) + ".1";
        Map<Integer, Message> replies = ResponseRateLimitTest.burst(address, from, sent);
        for (Message r : replies.values()) {
            assertEquals(f.rcode, r.getRcode(), f + ": " + r);
            if (f.bufsize == 512) {
                assertTrue(r.getHeader().getFlag(Flags.TC), f + ": truncated " + r);
            }
        }
        double limited = count(f.kind(), "dropped") + count(f.kind(), "slipped");
        // One bucket holds a second's worth (RATE); the burst may straddle a second boundary and earn one more.
        double full = BURST - limited;
        assertTrue(full >= RATE && full <= 2 * RATE, f + ": " + full + " of " + BURST
                + " random names answered in full: not one bucket (" + replies.size() + " replies)");
    }

    @Test
    void aWildcardsBucketIsItsOwnNotTheZonesNorAnExistingNames() throws Exception {
        start(false);
        Random random = new Random(7);
        String from = "127.0.30.1";
        List<Message> flood = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            flood.add(Flood.WILDCARD_A.query(random));
        }
        ResponseRateLimitTest.burst(address, from, flood);
        assertTrue(count(ResponseKind.ANSWER, "dropped") > 0, "the flood was limited");

        // The wildcard's own name, asked literally, is counted in the same bucket: limited.
        Message literal = ResponseRateLimitTest.burst(address, from,
                List.of(Fixture.query("*.wild.example.com.", Type.A))).get(0);
        assertTrue(literal == null || literal.getHeader().getFlag(Flags.TC), "the wildcard's own name: " + literal);

        // A name that exists below the wildcard's parent, and a name under another wildcard: buckets of their own.
        for (String name : List.of("host.wild.example.com.", "r" + random.nextInt(1000) + ".c.example.com.")) {
            int type = name.startsWith("host") ? Type.A : Type.TXT;
            Message r = ResponseRateLimitTest.burst(address, from, List.of(Fixture.query(name, type))).get(0);
            assertNotNull(r, name + " is answered");
            assertFalse(r.getHeader().getFlag(Flags.TC), name + " is answered in full");
            assertEquals(1, r.getSection(Section.ANSWER).size(), name + ": " + r);
        }
    }

    private void start(boolean signed) throws Exception {
        meters = new SimpleMeterRegistry();
        MicrometerDnsMetrics metrics = new MicrometerDnsMetrics(meters, false, 16);
        Catalog catalog = Fixture.load(Fixture.fixtureZones());
        if (signed) {
            catalog = catalog.with(sign(catalog.zone(Name.fromConstantString("example.com."))));
        }
        ZoneRegistry registry = new ZoneRegistry();
        registry.set(catalog);
        QueryProcessor processor = new QueryProcessor(registry, metrics, dev.tomldns.metrics.QueryLog.OFF);
        server = new DnsServer(processor, TcpSettings.DEFAULTS, 2,
                new ResponseRateLimit(RrlSettings.of(RATE), metrics));
        address = server.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0);
        // Over TCP (never limited), so the first burst does not wait for the server's classes to load.
        Sockets.tcp(address, Fixture.query("x.wild.example.com.", Type.A));
    }

    /** The zone signed as {@code dnssec = true} signs it: one ECDSA P-256 CSK, NSEC. */
    private static Zone sign(Zone zone) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        DNSKEYRecord dnskey = new DNSKEYRecord(zone.origin(), DClass.IN, 3600, 257, DNSKEYRecord.Protocol.DNSSEC,
                DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
        Instant created = Instant.now().minus(Duration.ofDays(1));
        SigningKey key = new SigningKey(SigningKey.Role.CSK, dnskey, pair.getPrivate(), created, created);
        return new ZoneSigner(SigningPolicy.DEFAULT, List.of(key), new Random(1))
                .sign(zone, zone.serial() + 1, null, Instant.now()).zone();
    }

    private double count(ResponseKind kind, String action) {
        var c = meters.find("dns.rrl.responses").tag("kind", kind.tag()).tag("action", action).counter();
        return c == null ? 0 : c.count();
    }
}
