/**
 * Policy-record checks (CAA, SPF, DMARC, DKIM, MTA-STS, TLS-RPT): each finding with severity, file:line, the
 * RFC rule and a suggested fix.
 */
package dev.tomldns.lint;
