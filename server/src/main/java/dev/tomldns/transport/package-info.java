/**
 * Netty UDP and TCP listeners: the only code that touches {@code ByteBuf}. One UDP socket per event-loop
 * thread (SO_REUSEPORT) on Linux; TCP framing, pipelining, idle timeout and a connection cap per RFC 7766.
 */
package dev.tomldns.transport;
