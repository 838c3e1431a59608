package dev.tomldns.config;

import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/**
 * A server sent NOTIFY (RFC 1996) when a zone changes.
 *
 * @param address where to send it
 * @param key the TSIG key to sign it with (secondaries that check NOTIFY signatures need it), or null
 */
public record NotifyTarget(InetSocketAddress address, Name key) {}
