package dev.tomldns.metrics;

import dev.tomldns.wire.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Optional query logging, one INFO line per sampled query on the logger {@code tomldns.query}.
 * Off by default: a busy server answering 100k queries/s must not write 100k lines/s. When on, one query in
 * {@code oneIn} is logged, counted, not random, so the cost when off is one field read.
 */
public final class QueryLog {

    /**
     * The logger name, so it can be routed or silenced separately (a logback configuration file given with
     * {@code -Dlogback.configurationFile} replaces {@link LogSetup}).
     */
    public static final String LOGGER = "tomldns.query";

    /** Logs nothing. */
    public static final QueryLog OFF = new QueryLog(0);

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final int oneIn;
    private final AtomicLong seen = new AtomicLong();

    private QueryLog(int oneIn) {
        this.oneIn = oneIn;
    }

    /**
     * @param oneIn 0 = off, 1 = every query, N = one query in N
     */
    public static QueryLog sampling(int oneIn) {
        if (oneIn < 0) {
            throw new IllegalArgumentException("query log sample must be 0 (off) or positive, got " + oneIn);
        }
        return oneIn == 0 ? OFF : new QueryLog(oneIn);
    }

    /** True when this query is one to log; call {@link #log} only then (so the line is built only then). */
    public boolean sample() {
        if (oneIn == 0) {
            return false;
        }
        return oneIn == 1 || seen.getAndIncrement() % oneIn == 0;
    }

    /** Writes the line for a query {@link #sample()} picked. */
    public void log(Transport transport, InetSocketAddress client, Name qname, int qtype, int rcode,
            int responseBytes) {
        LOG.info("{} {} {} {} {} {}B", MicrometerDnsMetrics.tag(transport), client == null ? "-" : client.getAddress().getHostAddress(),
                qname, Type.string(qtype), Rcode.string(rcode), responseBytes);
    }
}
