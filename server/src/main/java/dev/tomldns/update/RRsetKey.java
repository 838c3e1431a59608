package dev.tomldns.update;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** An RRset's identity in a zone (RFC 2181 §5): owner name (any letter case) and type. */
public record RRsetKey(Name name, int type) {
    @Override
    public String toString() {
        return name + " " + Type.string(type);
    }
}
