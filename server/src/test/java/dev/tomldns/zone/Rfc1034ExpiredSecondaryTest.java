package dev.tomldns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tomldns.testing.Fixture;
import dev.tomldns.testing.RunningServer;
import dev.tomldns.testing.Sockets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * RFC 1034 §4.3.5: a secondary zone whose copy expired is not served. The expiry lives in the catalog snapshot, so
 * its names get SERVFAIL over UDP and TCP (the cached path included) while every other zone is answered as before,
 * and a reload of the file zones keeps it expired.
 */
class Rfc1034ExpiredSecondaryTest {
    private static final Name CHILD = Name.fromConstantString("sub.example.com.");

    private static int rcode(RunningServer server, Sockets.Transport t, String name) {
        return Sockets.ask(t, server.address, Fixture.query(name, Type.A)).getRcode();
    }

    @Test
    void anExpiredZoneIsServfailAndTheOthersAreAnswered() throws Exception {
        try (RunningServer server = new RunningServer(Fixture.fixtureZones())) {
            for (Sockets.Transport t : Sockets.Transport.values()) {
                assertEquals(Rcode.NOERROR, rcode(server, t, "host.sub.example.com."), t + " before");
            }
            server.registry.update(c -> c.expire(CHILD));
            for (Sockets.Transport t : Sockets.Transport.values()) {
                assertEquals(Rcode.SERVFAIL, rcode(server, t, "host.sub.example.com."), t + ": a name of the zone");
                assertEquals(Rcode.SERVFAIL, rcode(server, t, "sub.example.com."), t + ": its apex");
                // The parent does not answer for the expired child's names, but for its own as before.
                assertEquals(Rcode.NOERROR, rcode(server, t, "mail.example.com."), t + ": another zone");
                assertEquals(Rcode.NXDOMAIN, rcode(server, t, "nope.example.com."), t + ": another zone");
            }
            // A reload of the file zones replaces them in one step and leaves the expiry alone.
            Zone parent = server.registry.current().zone(Name.fromConstantString("example.com."));
            server.registry.update(c -> c.change(List.of(), List.of(parent)));
            assertEquals(Rcode.SERVFAIL, rcode(server, Sockets.Transport.UDP, "host.sub.example.com."));
            // A refresh brings the zone back.
            Zone child = Fixture.load(Fixture.fixtureZones()).zone(CHILD);
            server.registry.update(c -> c.with(child));
            assertEquals(Rcode.NOERROR, rcode(server, Sockets.Transport.UDP, "host.sub.example.com."));
        }
    }
}
