package dev.tomldns.update;

import java.io.IOException;
import java.time.Duration;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A client's TSIG-signed UPDATE (RFC 2136, RFC 8945) to a server on loopback, as dnsjava sends it: the message is
 * dnsjava's {@link Update}, the reply's signature is checked by the resolver. For the tests that send updates from
 * Java rather than through nsupdate/knsupdate.
 */
final class SignedUpdate {
    private SignedUpdate() {
    }

    /** An update of {@code zone} that adds one TXT record. */
    static Update addTxt(String zone, String name, long ttl, String text) throws TextParseException {
        Update u = new Update(Name.fromString(zone));
        try {
            u.add(Name.fromString(name), Type.TXT, ttl, text);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " TXT " + text + ": " + e.getMessage(), e);
        }
        return u;
    }

    /** Sends {@code update} signed with {@code key} (HMAC-SHA256) and returns the reply; IOException when none came. */
    static Message send(int port, boolean tcp, String keyName, String secret, Message update, Duration timeout)
            throws IOException {
        SimpleResolver r = new SimpleResolver("127.0.0.1");
        r.setPort(port);
        r.setTCP(tcp);
        r.setTimeout(timeout);
        r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, keyName, secret));
        return r.send(update);
    }
}
