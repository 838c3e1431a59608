package dev.tomldns.wire;

/** How a query arrived; it decides the response size limit and what may be answered at all (e.g. AXFR). */
public enum Transport { UDP, TCP }
