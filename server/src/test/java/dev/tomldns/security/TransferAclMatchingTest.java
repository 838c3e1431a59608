package dev.tomldns.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class TransferAclMatchingTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void cidrMatchesOnlyItsPrefixAndFamily() throws Exception {
        CidrBlock b = CidrBlock.parse("10.1.2.0/23");
        assertTrue(b.contains(ip("10.1.3.255")));
        assertFalse(b.contains(ip("10.1.4.0")));
        assertFalse(b.contains(ip("::1")));
        assertTrue(CidrBlock.parse("::1").contains(ip("::1")));
        assertFalse(CidrBlock.parse("::1").contains(ip("::2")));
        assertTrue(CidrBlock.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1")));
        assertTrue(CidrBlock.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("example.net"));
        assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.0.0.0/33"));
    }

    @Test
    void emptyAclDeniesEveryone() throws Exception {
        assertFalse(TransferAcl.DENY_ALL.allows(ip("127.0.0.1"), Name.fromString("k.")));
    }

    @Test
    void keyAndAddressInOneEntryMustBothMatch() throws Exception {
        Name k = Name.fromString("k.");
        TransferAcl acl = new TransferAcl(List.of(new AclEntry(CidrBlock.parse("127.0.0.0/8"), k)));
        assertTrue(acl.allows(ip("127.0.0.2"), k));
        assertFalse(acl.allows(ip("127.0.0.2"), null));
        assertFalse(acl.allows(ip("192.0.2.1"), k));
        assertFalse(acl.allows(ip("127.0.0.2"), Name.fromString("other.")));
    }
}
