package dev.tomldns.config;

import org.xbill.DNS.Name;

/**
 * The owner names one {@link UpdateGrant} covers: one name exactly, a name and everything below it, or a name
 * whose {@code *} labels each stand for exactly one label ({@code _acme-challenge.*.example.net.} covers
 * {@code _acme-challenge.www.example.net.} but neither {@code _acme-challenge.example.net.} nor
 * {@code _acme-challenge.a.b.example.net.}: a key for one host's challenge cannot reach deeper names).
 *
 * @param name the name as configured, absolute
 * @param subtree whether names below {@code name} are covered too
 */
public record NamePattern(Name name, boolean subtree) {
    private static final byte[] STAR = {'*'};

    /** Whether {@code owner} is covered (letter case does not matter, RFC 4343). */
    public boolean matches(Name owner) {
        if (subtree) {
            return owner.subdomain(name);
        }
        if (owner.labels() != name.labels()) {
            return false;
        }
        for (int i = 0; i < name.labels(); i++) {
            if (!isStar(name.getLabel(i)) && !sameLabel(name.getLabel(i), owner.getLabel(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStar(byte[] label) {
        return label.length == 2 && label[0] == 1 && label[1] == STAR[0];
    }

    /** Labels as dnsjava returns them: a length octet, then the label; compared ignoring ASCII case. */
    private static boolean sameLabel(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Character.toLowerCase((char) (a[i] & 0xff)) != Character.toLowerCase((char) (b[i] & 0xff))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return subtree ? name + " and below" : name.toString();
    }
}
