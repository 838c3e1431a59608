/**
 * The optional HTTP endpoint: {@code /metrics} (Prometheus), {@code /health} and {@code /ready}.
 */
package dev.tomldns.http;
