package dev.tomldns.security;

import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The outcome of checking a request's TSIG record (RFC 8945 §5.2).
 *
 * @param key the verified key's signer, or null when the request was unsigned or failed
 * @param requestTsig the request's TSIG record (needed to sign the response), or null when unsigned
 * @param error {@link Rcode#NOERROR}, or the TSIG error (BADKEY, BADSIG, BADTIME) to report
 */
public record TsigVerification(TSIG key, TSIGRecord requestTsig, int error) {
    /** An unsigned request. */
    public static final TsigVerification UNSIGNED = new TsigVerification(null, null, Rcode.NOERROR);

    /** True when the request carried a TSIG record that verified. */
    public boolean verified() {
        return key != null && error == Rcode.NOERROR;
    }

    /** True when the request carried a TSIG record that did not verify: RFC 8945 §5.2 says answer NOTAUTH. */
    public boolean failed() {
        return error != Rcode.NOERROR;
    }

    /** The name of the verified key, for ACL matching; null unless {@link #verified()}. */
    public Name keyName() {
        return verified() ? requestTsig.getName() : null;
    }
}
