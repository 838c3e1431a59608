package dev.tomldns.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/** The configured TSIG keys by name; verifies signed requests with dnsjava's {@link TSIG}. */
public final class TsigKeyring {
    /** A keyring without keys: every signed request fails with BADKEY. */
    public static final TsigKeyring EMPTY = new TsigKeyring(Map.of());

    private final Map<Name, TsigKey> keys;

    public TsigKeyring(Map<Name, TsigKey> keys) {
        this.keys = Map.copyOf(new LinkedHashMap<>(keys));
    }

    public Optional<TsigKey> get(Name name) {
        return Optional.ofNullable(keys.get(name));
    }

    public Collection<TsigKey> all() {
        return keys.values();
    }

    /**
     * Checks the TSIG record of {@code request}, parsed from {@code wire}.
     * RFC 8945 §5.2.1: an unknown key is BADKEY; §5.2.2/§5.2.3: a bad MAC is BADSIG, a stale time BADTIME.
     */
    public TsigVerification verify(Message request, byte[] wire) {
        TSIGRecord tsigRecord = request.getTSIG();
        if (tsigRecord == null) {
            return TsigVerification.UNSIGNED;
        }
        TsigKey key = keys.get(tsigRecord.getName());
        if (key == null || !key.algorithm().equals(tsigRecord.getAlgorithm())) {
            return new TsigVerification(null, tsigRecord, Rcode.BADKEY);
        }
        TSIG tsig = key.toTsig();
        int error = tsig.verify(request, wire, null);
        return new TsigVerification(tsig, tsigRecord, error);
    }
}
