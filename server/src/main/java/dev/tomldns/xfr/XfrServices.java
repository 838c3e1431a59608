package dev.tomldns.xfr;

import dev.tomldns.config.NotifyTarget;
import dev.tomldns.config.SecondaryConfig;
import dev.tomldns.config.ServerConfig;
import dev.tomldns.metrics.DnsMetrics;
import dev.tomldns.query.QueryProcessor;
import dev.tomldns.zone.Zone;
import dev.tomldns.zone.ZoneRegistry;
import org.xbill.DNS.Name;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Everything transfer-related wired onto a query processor: the AXFR/IXFR responder behind the
 * processor's transfer hook, NOTIFY handling, the secondary-zone manager, the IXFR journal and
 * NOTIFY to also-notify targets.
 *
 * <p>Reload of primary zones calls {@link #primaryZoneChanged} after swapping a zone in, so that IXFR
 * has the difference and secondaries are notified.
 */
public final class XfrServices implements AutoCloseable {
    /** How many versions back IXFR can reach, and the records kept per zone for it. */
    static final int JOURNAL_VERSIONS = 64;
    static final int JOURNAL_RECORDS = 200_000;

    private final ServerConfig config;
    private final ZoneRegistry registry;
    private final IxfrJournal journal = new IxfrJournal(JOURNAL_VERSIONS, JOURNAL_RECORDS);
    private final NotifySender notifier;
    private final SecondaryZoneManager secondaries;
    private final TransferResponder responder;
    private final ExecutorService transfers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tomldns-xfr-out");
        t.setDaemon(true);
        return t;
    });

    private XfrServices(ServerConfig config, ZoneRegistry registry, QueryProcessor processor, DnsMetrics metrics,
            SecondaryStatus status) {
        this.config = config;
        this.registry = registry;
        this.notifier = new NotifySender(config.keys(), metrics);
        this.secondaries = new SecondaryZoneManager(config.secondaries(), config.keys(), registry,
                new ZoneFileStore(config.dataDir()), this::changed, metrics, status);
        this.responder = new TransferResponder(
                origin -> registry.current().zone(origin),
                origin -> config.policyFor(origin).allowTransfer(),
                config.keys(), journal, metrics);
        TransferService service = new TransferService(responder, config.keys(), transfers);
        service.setProcessor(processor);
        processor.setTransferHandler(service);
        processor.setNotifyHandler(secondaries);
    }

    /** Installs the hooks on {@code processor} and starts the secondaries (stored copies first). */
    public static XfrServices install(ServerConfig config, ZoneRegistry registry, QueryProcessor processor) {
        return install(config, registry, processor, DnsMetrics.NOOP, SecondaryStatus.NONE);
    }

    /**
     * As {@link #install(ServerConfig, ZoneRegistry, QueryProcessor)}, counting transfers and NOTIFY (both ways) in
     * {@code metrics} and telling {@code status} whether each secondary zone is served.
     */
    public static XfrServices install(ServerConfig config, ZoneRegistry registry, QueryProcessor processor,
            DnsMetrics metrics, SecondaryStatus status) {
        XfrServices s = new XfrServices(config, registry, processor, metrics, status);
        s.secondaries.start();
        return s;
    }

    /** The {@code [[secondary]]} entry for this zone, if it is one. */
    public Optional<SecondaryConfig> secondary(Name zone) {
        return config.secondary(zone);
    }

    /** To be called by reload after a primary zone was replaced: records the diff and sends NOTIFY. */
    public void primaryZoneChanged(Zone older, Zone newer) {
        primaryZoneChanged(older, newer, List.of());
    }

    /**
     * As {@link #primaryZoneChanged(Zone, Zone)}, also notifying the zone file's own {@code also-notify} secondaries
     * {@code fromZoneFile} (empty when its serial did not change). A secondary the server configuration lists too
     * hears once, as the configuration says (it may carry a TSIG key).
     */
    public void primaryZoneChanged(Zone older, Zone newer, List<InetSocketAddress> fromZoneFile) {
        journal.zoneChanged(older, newer);
        List<NotifyTarget> targets = new ArrayList<>();
        if (serialChanged(older, newer)) {
            targets.addAll(config.policyFor(newer.origin()).alsoNotify()); // first: its entries win
            if (config.policyFor(newer.origin()).notifyNs()) {
                nsHosts(newer).forEach(address -> targets.add(new NotifyTarget(address, null)));
            }
        }
        if (newer != null) {
            fromZoneFile.forEach(address -> targets.add(new NotifyTarget(address, null)));
            notifier.send(newer, targets);
        }
    }

    /**
     * RFC 1996 §3.7: the zone's NS hosts other than the SOA MNAME (the primary itself), at the addresses this server
     * serves for them (in-zone glue or another zone here), port 53. A host whose address is not served here is left
     * out (list it in also-notify): an authoritative server does not look names up elsewhere.
     */
    private List<InetSocketAddress> nsHosts(Zone zone) {
        List<InetSocketAddress> out = new ArrayList<>();
        org.xbill.DNS.RRset ns = zone.rrset(zone.origin(), org.xbill.DNS.Type.NS);
        if (ns == null) {
            return out;
        }
        Name mname = zone.soa().getHost();
        for (org.xbill.DNS.Record r : ns.rrs(false)) {
            Name host = ((org.xbill.DNS.NSRecord) r).getTarget();
            if (host.equals(mname)) {
                continue;
            }
            Zone holder = host.subdomain(zone.origin()) ? zone : registry.current().find(host);
            if (holder == null) {
                continue;
            }
            for (org.xbill.DNS.RRset set : holder.addresses(host, true)) {
                for (org.xbill.DNS.Record a : set.rrs(false)) {
                    java.net.InetAddress address = a instanceof org.xbill.DNS.ARecord v4 ? v4.getAddress()
                            : ((org.xbill.DNS.AAAARecord) a).getAddress();
                    InetSocketAddress target = new InetSocketAddress(address, 53);
                    if (!out.contains(target)) {
                        out.add(target);
                    }
                }
            }
        }
        return out;
    }

    /** The {@link ZoneChangeListener} form of {@link #primaryZoneChanged}. */
    public ZoneChangeListener listener() {
        return this::changed;
    }

    public TransferResponder responder() {
        return responder;
    }

    public SecondaryZoneManager secondaries() {
        return secondaries;
    }

    private void changed(Zone older, Zone newer) {
        primaryZoneChanged(older, newer, List.of());
    }

    /**
     * RFC 1996 §3.5: notify the zone's secondaries when its serial changes (secondary zones included: a secondary
     * here may be a primary to others).
     */
    private static boolean serialChanged(Zone older, Zone newer) {
        return newer != null && (older == null || older.serial() != newer.serial());
    }

    @Override
    public void close() {
        secondaries.close();
        notifier.close();
        transfers.shutdownNow();
    }
}
