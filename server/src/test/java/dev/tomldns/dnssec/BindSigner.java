package dev.tomldns.dnssec;

import dev.tomldns.interop.PeerServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * BIND 9 ({@code named -g}) as a signing primary: the zone is signed with {@code dnssec-policy default} (one
 * ECDSA P-256 CSK, NSEC) by inline signing, keys in the temp folder; NOTIFY goes to the secondary's port.
 */
public final class BindSigner extends PeerServer {
    private final Name zone;
    private final String text;
    private final Name child;
    private final String childText;
    private final int notifyPort;

    /** Signs {@code zone} and serves {@code child} (its insecure delegation) unsigned. */
    public BindSigner(Path dir, Name zone, String text, Name child, String childText, int notifyPort)
            throws IOException {
        super(dir, List.of(), freePort());
        this.zone = zone;
        this.text = text;
        this.child = child;
        this.childText = childText;
        this.notifyPort = notifyPort;
    }

    @Override
    protected String debianPackage() {
        return "bind9";
    }

    @Override
    protected List<String> command() {
        return List.of("/usr/sbin/named", "-g", "-n", "1", "-c", dir.resolve("named.conf").toString());
    }

    @Override
    protected void writeConfig() throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        write("signed.zone", text);
        write("child.zone", childText);
        write("named.conf", """
                options {
                  directory "%1$s";
                  key-directory "%1$s/keys";
                  pid-file "%1$s/named.pid";
                  session-keyfile "%1$s/session.key";
                  listen-on port %2$d { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion no;
                  dnssec-validation no;
                  notify explicit;
                  notify-delay 0;
                  notify-source 127.0.0.1;
                  allow-transfer { 127.0.0.0/8; };
                };
                controls { };
                zone "%3$s" {
                  type primary;
                  file "signed.zone";
                  dnssec-policy default;
                  inline-signing yes;
                  also-notify { 127.0.0.1 port %4$d; };
                };
                zone "%5$s" {
                  type primary;
                  file "child.zone";
                };
                """.formatted(dir, port, zone, notifyPort, child));
    }

    /** Waits until the zone is served signed (its SOA with an RRSIG); bounded. */
    public void awaitSigned(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(zone, Type.SOA, org.xbill.DNS.DClass.IN));
            q.getHeader().setFlag(org.xbill.DNS.Flags.CD);
            org.xbill.DNS.SimpleResolver r = new org.xbill.DNS.SimpleResolver(address());
            r.setEDNS(0, 1232, org.xbill.DNS.ExtendedFlags.DO, List.of());
            r.setTimeout(Duration.ofSeconds(2));
            Message m = r.send(q);
            if (m.getSection(1).stream().anyMatch(rr -> rr.getType() == Type.RRSIG)
                    && query(zone, Type.DNSKEY, true).getSection(1).stream().anyMatch(rr -> rr.getType() == Type.DNSKEY)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("BIND did not sign " + zone + " in " + timeout + ":\n" + log());
    }

    public List<String> trustAnchors() throws IOException {
        return KnotSigner.keySigningKeys(this, zone);
    }
}
