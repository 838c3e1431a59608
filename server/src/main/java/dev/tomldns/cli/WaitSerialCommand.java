package dev.tomldns.cli;

import dev.tomldns.config.ServerConfigReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tomldns wait-serial ZONE SERIAL}: waits until every name server of the zone serves at least that SOA serial
 * (RFC 1982 order), so an ACME hook can wait for its challenge to be everywhere instead of sleeping. The NS hosts and
 * their addresses are asked of {@code --server} (the primary, which serves them for in-zone hosts); a host it does
 * not serve is looked up with the system resolver.
 */
@Command(name = "wait-serial", mixinStandardHelpOptions = true,
        description = "Wait until every NS of ZONE serves SOA serial SERIAL or later (exit 0), or time out (exit 1).")
public final class WaitSerialCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ZONE", description = "The zone, e.g. example.net.")
    String zone;

    @Parameters(index = "1", paramLabel = "SERIAL", description = "The serial to wait for (e.g. the one an update gave).")
    long serial;

    @Option(names = "--server", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:53",
            description = "Where to ask for the zone's NS hosts and their addresses (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "53",
            description = "The port to ask each NS host on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ns", paramLabel = "ADDR:PORT",
            description = "Ask these servers instead of the zone's NS hosts; repeatable.")
    List<String> nameServers;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Name origin;
        InetSocketAddress primary;
        try {
            origin = Name.fromString(zone, Name.root);
            primary = ServerConfigReader.parseSocketAddress(server);
        } catch (TextParseException | IllegalArgumentException e) {
            err.println("wait-serial: " + e.getMessage());
            return 2;
        }
        if (serial < 0 || serial > 0xFFFFFFFFL) {
            err.println("wait-serial: SERIAL must be 0..4294967295 (RFC 1035 §3.3.13)");
            return 2;
        }
        Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
        if (nameServers != null && !nameServers.isEmpty()) {
            for (String ns : nameServers) {
                try {
                    InetSocketAddress a = ServerConfigReader.parseSocketAddress(ns);
                    targets.put(ns, a);
                } catch (IllegalArgumentException e) {
                    err.println("wait-serial: --ns " + e.getMessage());
                    return 2;
                }
            }
        } else {
            try {
                targets = nsAddresses(origin, primary);
            } catch (IOException e) {
                err.println("wait-serial: cannot find the NS hosts of " + origin + " at " + server + ": "
                        + e.getMessage());
                return 2;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        Map<String, InetSocketAddress> waiting = new LinkedHashMap<>(targets);
        Map<String, String> last = new LinkedHashMap<>();
        while (true) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                long now = serialAt(origin, e.getValue(), last, e.getKey());
                if (now >= 0 && (now == serial || Serial.compare(now, serial) > 0)) {
                    out.println(e.getKey() + " serves " + origin + " serial " + now);
                    it.remove();
                }
            }
            if (waiting.isEmpty()) {
                out.println("every NS of " + origin + " (" + targets.size() + ") serves serial " + serial
                        + " or later");
                return 0;
            }
            if (System.nanoTime() > deadline) {
                for (String ns : waiting.keySet()) {
                    err.println("wait-serial: " + ns + " still " + last.getOrDefault(ns, "did not answer"));
                }
                return 1;
            }
            Thread.sleep(250);
        }
    }

    /** The zone's SOA serial at {@code at}, or -1 (with why in {@code last}). */
    private static long serialAt(Name origin, InetSocketAddress at, Map<String, String> last, String label) {
        try {
            Message m = resolver(at).send(Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN)));
            for (Record r : m.getSection(Section.ANSWER)) {
                if (r instanceof SOARecord soa) {
                    last.put(label, "serves serial " + soa.getSerial());
                    return soa.getSerial();
                }
            }
            last.put(label, "answers " + Rcode.string(m.getRcode()) + " without the zone's SOA");
        } catch (IOException e) {
            last.put(label, "did not answer (" + e.getMessage() + ")");
        }
        return -1;
    }

    /** Each NS host of the zone (as "host/address") with its addresses, the SOA MNAME's included. */
    private Map<String, InetSocketAddress> nsAddresses(Name origin, InetSocketAddress primary) throws IOException {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        SimpleResolver r = resolver(primary);
        Message ns = r.send(Message.newQuery(Record.newRecord(origin, Type.NS, DClass.IN)));
        List<Name> hosts = new ArrayList<>();
        for (Record rec : ns.getSection(Section.ANSWER)) {
            if (rec instanceof NSRecord n) {
                hosts.add(n.getTarget());
            }
        }
        if (hosts.isEmpty()) {
            throw new IOException("no NS records (" + Rcode.string(ns.getRcode()) + ")");
        }
        for (Name host : hosts) {
            List<InetAddress> addresses = new ArrayList<>();
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message a = r.send(Message.newQuery(Record.newRecord(host, type, DClass.IN)));
                for (Record rec : a.getSection(Section.ANSWER)) {
                    if (rec instanceof ARecord v4) {
                        addresses.add(v4.getAddress());
                    } else if (rec instanceof AAAARecord v6) {
                        addresses.add(v6.getAddress());
                    }
                }
            }
            if (addresses.isEmpty()) {
                // Not served by the primary: the host lives in someone else's zone.
                addresses.addAll(List.of(InetAddress.getAllByName(host.toString(true))));
            }
            for (InetAddress address : addresses) {
                out.put(host + "/" + address.getHostAddress(), new InetSocketAddress(address, port));
            }
        }
        return out;
    }

    private static SimpleResolver resolver(InetSocketAddress at) {
        SimpleResolver r = new SimpleResolver(at);
        r.setTimeout(Duration.ofSeconds(2));
        return r;
    }
}
