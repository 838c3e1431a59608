/**
 * The {@code tomldns} command line (picocli): {@code serve} (which starts a {@link dev.tomldns.server.Server}),
 * {@code check}, {@code caa}, {@code reload} and the commands beside them.
 */
package dev.tomldns.cli;
