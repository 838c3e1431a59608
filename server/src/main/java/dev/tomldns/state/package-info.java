/**
 * The server's state directory ({@link dev.tomldns.state.StateDirectory}): what it must remember across restarts
 * (managed SOA serials, and the files other parts keep there), and its control socket.
 */
package dev.tomldns.state;
