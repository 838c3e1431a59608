package dev.tomldns.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One {@code allow-update} entry of a zone: requests signed with {@code key} may change the records of the
 * {@code types} at the {@code names} (RFC 2136 §3.3 leaves the policy to the server; like BIND's
 * {@code update-policy} and Knot's {@code update-owner}/{@code update-type}, nothing else is allowed).
 *
 * @param key the TSIG key the request must verify with
 * @param names the owner names covered
 * @param types the record types covered; {@link #ANY_TYPE} alone covers every type
 */
public record UpdateGrant(Name key, List<NamePattern> names, Set<Integer> types) {
    /** In {@link #types}: every type. */
    public static final int ANY_TYPE = Type.ANY;

    public UpdateGrant {
        names = List.copyOf(names);
        types = Set.copyOf(types);
    }

    /** Whether a request verified with {@code verifiedKey} may change {@code type} records at {@code owner}. */
    public boolean allows(Name verifiedKey, Name owner, int type) {
        return key.equals(verifiedKey) && (types.contains(ANY_TYPE) || types.contains(type))
                && names.stream().anyMatch(n -> n.matches(owner));
    }

    @Override
    public String toString() {
        return "key " + key + ": " + names + " " + types.stream().map(Type::string).sorted()
                .collect(Collectors.joining(",", "[", "]"));
    }
}
