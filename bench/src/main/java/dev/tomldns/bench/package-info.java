/**
 * The load-test kit: JMH benchmarks of the query path, the side-by-side runner against NSD and Knot under dnsperf,
 * the zone-scale test and the TOML-library comparison (see bench/README.md).
 */
package dev.tomldns.bench;
