/**
 * The {@code tomldns} command line (picocli): {@code serve}, {@code check}, {@code caa}, {@code reload}, and the
 * wiring that {@code serve} does between zones, reload, transfers, metrics and the listeners.
 */
package dev.tomldns.cli;
