package dev.tomldns.metrics;

import dev.tomldns.wire.Transport;
import org.xbill.DNS.Name;

/** The metrics sink that does nothing: for tests and benchmarks. */
final class NoopDnsMetrics implements DnsMetrics {

    @Override
    public void query(Transport transport, int qtype, int rcode, Name zoneOrNull, int responseBytes, long nanos) {
    }

    @Override
    public void truncated() {
    }

    @Override
    public void malformed(Transport transport) {
    }

    @Override
    public void tcpOpened() {
    }

    @Override
    public void tcpClosed() {
    }

    @Override
    public void tcpRefused() {
    }

    @Override
    public void reload(Name zone, boolean ok, String error) {
    }

    @Override
    public void serial(Name zone, long serial) {
    }

    @Override
    public void zoneRemoved(Name zone) {
    }

    @Override
    public void transfer(Direction direction, Outcome outcome) {
    }

    @Override
    public void notify(Direction direction, Outcome outcome) {
    }
}
