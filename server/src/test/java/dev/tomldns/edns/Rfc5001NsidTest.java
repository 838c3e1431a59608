package dev.tomldns.edns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * RFC 5001 §2.1: the NSID option is answered with the server's identifier when the query carries it empty, and
 * never sent unasked; dig and kdig show it.
 */
class Rfc5001NsidTest {

    @Test
    void digAndKdigSeeTheConfiguredIdentifierWhenTheyAsk() throws Exception {
        try (EdnsServer s = new EdnsServer(new EdnsOptions(Nsid.parse("ns1.example"), ServerCookie.withRandomSecret(),
                false), null)) {
            String dig = Tools.run("dig", "@127.0.0.1", "-p", s.port(), "+nsid", "+tries=1", "example.net", "SOA").out();
            assertTrue(dig.contains("; NSID: 6e 73 31 2e 65 78 61 6d 70 6c 65 (\"ns1.example\")"), dig);
            assertTrue(dig.contains("status: NOERROR") && dig.contains("ANSWER: 1"), dig);
            String kdig = Tools.run("kdig", "@127.0.0.1", "-p", s.port(), "+nsid", "example.net", "SOA").out();
            assertTrue(kdig.contains(";; NSID: 6E73312E6578616D706C65 \"ns1.example\""), kdig);
            String tcp = Tools.run("kdig", "@127.0.0.1", "-p", s.port(), "+tcp", "+nsid", "example.net", "A").out();
            assertTrue(tcp.contains(";; NSID: 6E73312E6578616D706C65"), tcp);
            // Never unasked: the same queries without +nsid carry no NSID.
            String plain = Tools.run("dig", "@127.0.0.1", "-p", s.port(), "+tries=1", "example.net", "SOA").out();
            assertTrue(plain.contains("status: NOERROR"), plain);
            assertFalse(plain.contains("NSID"), plain);
            String kplain = Tools.run("kdig", "@127.0.0.1", "-p", s.port(), "example.net", "SOA").out();
            assertFalse(kplain.contains("NSID"), kplain);
        }
    }

    @Test
    void hexIdentifiersAreOctets() throws Exception {
        try (EdnsServer s = new EdnsServer(new EdnsOptions(Nsid.parse("0x0102ff"), ServerCookie.withRandomSecret(),
                false), null)) {
            String kdig = Tools.run("kdig", "@127.0.0.1", "-p", s.port(), "+nsid", "example.net", "SOA").out();
            assertTrue(kdig.contains(";; NSID: 0102FF"), kdig);
        }
    }

    @Test
    void withoutAnIdentifierNothingIsSent() throws Exception {
        try (EdnsServer s = new EdnsServer(EdnsOptions.defaults(), null)) {
            String dig = Tools.run("dig", "@127.0.0.1", "-p", s.port(), "+nsid", "+tries=1", "example.net", "SOA").out();
            assertTrue(dig.contains("status: NOERROR"), dig);
            assertFalse(dig.contains("NSID"), dig);
        }
    }

    @Test
    void theConfiguredTextIsCheckedForLength() {
        assertThrows(IllegalArgumentException.class, () -> Nsid.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Nsid.parse("0x123"));
        assertThrows(IllegalArgumentException.class, () -> Nsid.parse("x".repeat(Nsid.MAX_LENGTH + 1)));
        assertEquals("0x6e7331", Nsid.parse("ns1").toString());
    }
}
