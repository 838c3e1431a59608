package dev.tomldns.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tomldns.edns.CookieSettings;
import dev.tomldns.edns.Nsid;
import dev.tomldns.edns.ServerCookie;
import dev.tomldns.http.HttpSettings;
import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.security.AclEntry;
import dev.tomldns.security.CidrBlock;
import dev.tomldns.security.TransferAcl;
import dev.tomldns.security.TsigKey;
import dev.tomldns.security.TsigKeyring;
import dev.tomldns.dnssec.sign.SigningPolicy;
import dev.tomldns.zone.Diagnostic;
import dev.tomldns.zone.toml.TomlSyntax;
import dev.tomldns.zone.toml.Utf8Text;
import dev.tomldns.zone.toml.ZoneFileReader;
import dev.tomldns.transport.TcpSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads the server configuration TOML strictly: unknown keys and wrongly typed values are errors
 * naming the file, the line and the key, and every problem is reported at once.
 */
public final class ServerConfigReader {
    private static final Set<String> TOP = Set.of("listen", "zones", "data-dir", "state-dir", "key", "transfer", "zone", "secondary",
            "tcp", "http", "rrl", "nsid", "cookies");
    private static final Set<String> COOKIES = Set.of("secret", "require");
    private static final Set<String> RRL = Set.of("responses-per-second", "nodata-per-second", "nxdomains-per-second",
            "referrals-per-second", "errors-per-second", "slip", "window", "ipv4-prefix-length", "ipv6-prefix-length",
            "table-size", "exempt-clients");
    private static final Set<String> TCP = Set.of("idle-timeout-ms", "max-connections", "max-connections-per-address",
            "query-timeout-ms", "max-queued-answers");
    private static final Set<String> HTTP = Set.of("max-connections", "request-timeout-ms");
    private static final Set<String> KEY = Set.of("name", "algorithm", "secret");
    private static final Set<String> POLICY = Set.of("allow-transfer", "also-notify", "notify-ns");
    private static final Set<String> ZONE = Set.of("name", "allow-transfer", "also-notify", "notify-ns", "allow-update",
            "dnssec");
    private static final Set<String> DNSSEC_KEYS = Set.of("algorithm", "denial", "signature-validity-days",
            "signature-refresh-days", "keys", "zsk-lifetime-days", "ksk-lifetime-days", "parent-ds-ttl",
            "parent-ds-server");
    private static final Set<String> GRANT = Set.of("key", "names", "subtree", "types");
    private static final Set<String> SECONDARY = Set.of("zone", "primaries", "key", "allow-transfer", "also-notify",
            "max-transfer-records", "max-transfer-octets", "max-transfer-seconds");
    private static final Set<String> ACL_ENTRY = Set.of("from", "key");
    private static final Set<String> NOTIFY_ENTRY = Set.of("to", "key");

    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private TomlLineIndex lines;
    private Map<Name, TsigKey> keys = new LinkedHashMap<>();

    private ServerConfigReader(Path file) {
        this.file = file;
    }

    /** Reads and validates {@code file}; relative paths inside it are resolved against its folder. */
    public static ServerConfig read(Path file) throws ConfigException {
        return new ServerConfigReader(file).parse();
    }

    private ServerConfig parse() throws ConfigException {
        byte[] octets;
        try {
            octets = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + ZoneFileReader.unreadable(e)));
        }
        // TOML 1.0 is UTF-8: other octets are an error at their line and column, as in a zone file.
        Utf8Text.Malformed bad = Utf8Text.check(octets);
        if (bad != null) {
            throw new ConfigException(List.of(Diagnostic.error(file, bad.line(), bad.column(), bad.message())
                    .toString()));
        }
        String text = new String(octets, StandardCharsets.UTF_8);
        lines = new TomlLineIndex(text.lines().toList());
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            // The zone reader's words and positions for the same syntax errors (duplicate keys, nesting, limits).
            throw new ConfigException(List.of(TomlSyntax.describe(e, text).format(file)));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(List.of(file + ":1: the file could not be parsed as TOML"));
        }
        ServerConfig config = build(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private ServerConfig build(JsonNode root) {
        checkKeys(root, "", TOP);
        Path base = file.toAbsolutePath().getParent();
        List<InetSocketAddress> listen = addresses(root.get("listen"), "listen");
        Path zonesDir = root.has("zones") ? path(base, string(root.get("zones"), "zones", ""), "zones") : null;
        Path dataDir = path(base, root.has("data-dir") ? string(root.get("data-dir"), "data-dir", "secondary")
                : "secondary", "data-dir");
        // The server's own writable folder (managed serials); relative to this file's folder, as the others.
        String state = root.has("state-dir") ? string(root.get("state-dir"), "state-dir", null) : null;
        Path stateDir = state == null ? null : path(base, state, "state-dir");
        forEachTable(root.get("key"), "key", this::key);
        TsigKeyring keyring = new TsigKeyring(keys);
        ZonePolicy defaults = ZonePolicy.DEFAULT;
        if (root.has("transfer")) {
            JsonNode t = root.get("transfer");
            if (requireTable(t, "transfer")) {
                checkKeys(t, "transfer", POLICY);
                defaults = policy(t, "transfer");
            }
        }
        Map<Name, ZonePolicy> zones = new LinkedHashMap<>();
        Map<Name, List<UpdateGrant>> grants = new LinkedHashMap<>();
        Map<Name, SigningPolicy> signing = new LinkedHashMap<>();
        forEachTable(root.get("zone"), "zone", (z, path) -> {
            checkKeys(z, path, ZONE);
            Name name = name(z.get("name"), path + ".name");
            if (name != null && zones.put(name, policy(z, path)) != null) {
                problem(path + ".name", "zone " + name + " is configured twice");
            }
            if (name != null && z.has("allow-update")) {
                grants.put(name, grants(z.get("allow-update"), path + ".allow-update", name));
            }
            SigningPolicy sign = z.has("dnssec") ? signing(z.get("dnssec"), path + ".dnssec") : null;
            if (name != null && sign != null) {
                signing.put(name, sign);
            }
        });
        List<SecondaryConfig> secondaries = new ArrayList<>();
        forEachTable(root.get("secondary"), "secondary", (s, path) -> {
            checkKeys(s, path, SECONDARY);
            SecondaryConfig sc = secondary(s, path);
            if (sc == null) {
                return;
            }
            if (zones.containsKey(sc.zone()) || secondaries.stream().anyMatch(o -> o.zone().equals(sc.zone()))) {
                problem(path + ".zone", "zone " + sc.zone() + " is configured twice");
            }
            secondaries.add(sc);
        });
        return new ServerConfig(listen, zonesDir, dataDir, keyring, defaults, zones, secondaries, grants,
                List.copyOf(warnings), tcp(root.get("tcp")), http(root.get("http")),
                stateDir, rrl(root.get("rrl")), signing, nsid(root.get("nsid")), cookies(root.get("cookies")));
    }

    /** {@code nsid}: a string, or 0x and hex digits (RFC 5001 identifiers are octets). */
    private Nsid nsid(JsonNode node) {
        if (node == null) {
            return null;
        }
        String text = string(node, "nsid", "");
        try {
            return Nsid.parse(text);
        } catch (IllegalArgumentException e) {
            problem("nsid", Diagnostic.quote(text) + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * The {@code [cookies]} table: {@code secret} (32 hex digits, or an array of them: the first makes cookies,
     * all are accepted) and {@code require}.
     */
    private CookieSettings cookies(JsonNode t) {
        if (t == null || !requireTable(t, "cookies")) {
            return CookieSettings.DEFAULTS;
        }
        checkKeys(t, "cookies", COOKIES);
        List<byte[]> secrets = new ArrayList<>();
        JsonNode given = t.get("secret");
        if (given != null) {
            boolean list = given.isArray();
            if (list && given.isEmpty()) {
                problem("cookies.secret", "must be a secret or a non-empty array of them (the first makes cookies)");
            }
            for (int i = 0; i < (list ? given.size() : 1); i++) {
                String p = list ? "cookies.secret[" + i + "]" : "cookies.secret";
                String text = string(list ? given.get(i) : given, p, "");
                byte[] secret;
                try {
                    secret = java.util.HexFormat.of().parseHex(text);
                } catch (IllegalArgumentException e) {
                    secret = new byte[0];
                }
                if (secret.length != ServerCookie.SECRET_LENGTH) {
                    problem(p, "must be " + 2 * ServerCookie.SECRET_LENGTH
                            + " hex digits (16 octets), e.g. from: openssl rand -hex 16");
                } else {
                    secrets.add(secret);
                }
            }
        }
        boolean require = false;
        if (t.has("require")) {
            if (t.get("require").isBoolean()) {
                require = t.get("require").asBoolean();
            } else {
                problem("cookies.require", "must be true or false");
            }
        }
        return new CookieSettings(secrets, require);
    }

    /**
     * The {@code [rrl]} table: response rate limiting, on when the table is present. Each per-kind rate defaults to
     * {@code responses-per-second}; 0 leaves that kind unlimited.
     */
    private RrlSettings rrl(JsonNode t) {
        if (t == null || !requireTable(t, "rrl")) {
            return null;
        }
        checkKeys(t, "rrl", RRL);
        int rate = (int) whole(t.get("responses-per-second"), "rrl.responses-per-second", RrlSettings.DEFAULT_RATE,
                0, 100_000);
        List<CidrBlock> exempt = new ArrayList<>();
        JsonNode e = t.get("exempt-clients");
        if (e != null && !e.isArray()) {
            problem("rrl.exempt-clients", "must be an array of addresses or CIDRs, e.g. [\"192.0.2.0/24\"]");
        } else if (e != null) {
            for (int i = 0; i < e.size(); i++) {
                String p = "rrl.exempt-clients[" + i + "]";
                String text = string(e.get(i), p, "");
                CidrBlock block = text.isEmpty() ? null : cidr(text, p);
                if (block != null) {
                    exempt.add(block);
                }
            }
        }
        return new RrlSettings(rate,
                (int) whole(t.get("nodata-per-second"), "rrl.nodata-per-second", rate, 0, 100_000),
                (int) whole(t.get("nxdomains-per-second"), "rrl.nxdomains-per-second", rate, 0, 100_000),
                (int) whole(t.get("referrals-per-second"), "rrl.referrals-per-second", rate, 0, 100_000),
                (int) whole(t.get("errors-per-second"), "rrl.errors-per-second", rate, 0, 100_000),
                (int) whole(t.get("slip"), "rrl.slip", RrlSettings.DEFAULT_SLIP, 0, 10),
                (int) whole(t.get("window"), "rrl.window", RrlSettings.DEFAULT_WINDOW, 1, 3600),
                (int) whole(t.get("ipv4-prefix-length"), "rrl.ipv4-prefix-length", 24, 0, 32),
                (int) whole(t.get("ipv6-prefix-length"), "rrl.ipv6-prefix-length", 56, 0, 128),
                (int) whole(t.get("table-size"), "rrl.table-size", RrlSettings.DEFAULT_TABLE_SIZE, 1, 16_777_216),
                exempt);
    }

    /** A whole number from {@code min} to {@code max}; absent: {@code fallback}; anything else is a problem. */
    private long whole(JsonNode node, String path, long fallback, long min, long max) {
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problem(path, "must be a whole number from " + min + " to " + max + ", not " + node);
            return fallback;
        }
        return node.asLong();
    }

    /**
     * {@code dnssec = true} (the default policy, {@link SigningPolicy#DEFAULT}), {@code false}, or a table that
     * changes some of it: {@code algorithm} ("ecdsa-p256-sha256" or "ed25519"), {@code denial} ("nsec" or
     * "nsec3"), {@code signature-validity-days}, {@code signature-refresh-days}, {@code keys} ("csk" or
     * "ksk+zsk"), with split keys {@code zsk-lifetime-days}, {@code ksk-lifetime-days} (of the KSK, or of the CSK;
     * 0, the default: never rolled), {@code parent-ds-ttl} (seconds) and
     * {@code parent-ds-server} (the server asked for the zone's DS at the parent).
     */
    private SigningPolicy signing(JsonNode d, String path) {
        if (d.isBoolean()) {
            return d.asBoolean() ? SigningPolicy.DEFAULT : null;
        }
        if (!d.isObject()) {
            problem(path, "must be true, false or a table such as { denial = \"nsec3\" }");
            return null;
        }
        checkKeys(d, path, DNSSEC_KEYS);
        SigningPolicy base = SigningPolicy.DEFAULT;
        int algorithm = base.algorithm();
        if (d.has("algorithm")) {
            String a = string(d.get("algorithm"), path + ".algorithm", "");
            switch (a.toLowerCase(java.util.Locale.ROOT)) {
                case "ecdsa-p256-sha256", "ecdsap256sha256", "13" -> algorithm = DNSSEC.Algorithm.ECDSAP256SHA256;
                case "ed25519", "15" -> algorithm = DNSSEC.Algorithm.ED25519;
                default -> problem(path + ".algorithm", Diagnostic.quote(a) + " is not an algorithm tomldns signs "
                        + "with (\"ecdsa-p256-sha256\", the default, or \"ed25519\")");
            }
        }
        SigningPolicy.Denial denial = base.denial();
        if (d.has("denial")) {
            String a = string(d.get("denial"), path + ".denial", "");
            switch (a.toLowerCase(java.util.Locale.ROOT)) {
                case "nsec" -> denial = SigningPolicy.Denial.NSEC;
                case "nsec3" -> denial = SigningPolicy.Denial.NSEC3;
                default -> problem(path + ".denial", Diagnostic.quote(a) + " is neither \"nsec\" (the default) "
                        + "nor \"nsec3\"");
            }
        }
        long validity = positive(d.get("signature-validity-days"), path + ".signature-validity-days",
                base.validity().toDays(), 365);
        long refresh = positive(d.get("signature-refresh-days"), path + ".signature-refresh-days",
                base.refresh().toDays(), 365);
        if (refresh >= validity) {
            problem(path + ".signature-refresh-days", "must be less than signature-validity-days (" + validity
                    + "): signatures would be refreshed as soon as they are made");
            return null;
        }
        boolean split = false;
        if (d.has("keys")) {
            String a = string(d.get("keys"), path + ".keys", "");
            switch (a.toLowerCase(java.util.Locale.ROOT)) {
                case "csk" -> split = false;
                case "ksk+zsk" -> split = true;
                default -> problem(path + ".keys", Diagnostic.quote(a) + " is neither \"csk\" (the default, one "
                        + "combined key) nor \"ksk+zsk\"");
            }
        }
        java.time.Duration zskLifetime = null;
        if (d.has("zsk-lifetime-days")) {
            if (!split) {
                problem(path + ".zsk-lifetime-days", "only a split-key policy (keys = \"ksk+zsk\") has a ZSK to roll");
                return null;
            }
            zskLifetime = java.time.Duration.ofDays(positive(d.get("zsk-lifetime-days"), path + ".zsk-lifetime-days",
                    SigningPolicy.ZSK_LIFETIME.toDays(), 3650));
        } else if (split) {
            zskLifetime = SigningPolicy.ZSK_LIFETIME;
        }
        java.time.Duration kskLifetime = null;
        JsonNode ksk = d.get("ksk-lifetime-days");
        if (ksk != null) {
            if (!ksk.isIntegralNumber() || !ksk.canConvertToLong() || ksk.asLong() < 0 || ksk.asLong() > 3650) {
                problem(path + ".ksk-lifetime-days", "must be a whole number from 0 (never rolled, the default) to "
                        + "3650, not " + ksk);
            } else if (ksk.asLong() > 0) {
                kskLifetime = java.time.Duration.ofDays(ksk.asLong());
            }
        }
        java.time.Duration parentDsTtl = SigningPolicy.PARENT_DS_TTL;
        JsonNode dsTtl = d.get("parent-ds-ttl");
        if (dsTtl != null) {
            // RFC 2181 §8: a TTL is at most 2^31 - 1 seconds; a week covers every TLD's DS TTL.
            parentDsTtl = java.time.Duration.ofSeconds(positive(dsTtl, path + ".parent-ds-ttl",
                    SigningPolicy.PARENT_DS_TTL.toSeconds(), 7 * 86400));
        }
        SigningPolicy policy = new SigningPolicy(algorithm, denial, java.time.Duration.ofDays(validity),
                java.time.Duration.ofDays(refresh), split, zskLifetime, kskLifetime, parentDsTtl);
        return d.has("parent-ds-server") ? policy.withParentDsServer(parentDsServer(d.get("parent-ds-server"),
                path + ".parent-ds-server")) : policy;
    }

    /** {@code parent-ds-server = "192.0.2.1:53"}: the parent's server or a resolver, asked for the zone's DS. */
    private InetSocketAddress parentDsServer(JsonNode node, String path) {
        String s = string(node, path, null);
        if (s == null) {
            return null;
        }
        try {
            return parseSocketAddress(s);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage() + " (the parent zone's server or a resolver, e.g. \"192.0.2.1:53\")");
            return null;
        }
    }

    /** The {@code [tcp]} table: DNS-over-TCP limits, each a whole number, the defaults where absent. */
    private TcpSettings tcp(JsonNode t) {
        TcpSettings d = TcpSettings.DEFAULTS;
        if (t == null || !requireTable(t, "tcp")) {
            return d;
        }
        checkKeys(t, "tcp", TCP);
        int max = (int) positive(t.get("max-connections"), "tcp.max-connections", d.maxConnections(), 1_000_000);
        int perAddress = (int) positive(t.get("max-connections-per-address"), "tcp.max-connections-per-address",
                Math.min(max, d.maxConnectionsPerAddress()), 1_000_000);
        if (perAddress > max) {
            problem("tcp.max-connections-per-address", "must not be more than max-connections (" + max + ")");
            perAddress = max;
        }
        return new TcpSettings(
                positive(t.get("idle-timeout-ms"), "tcp.idle-timeout-ms", d.idleTimeoutMillis(), 3_600_000),
                max, perAddress,
                positive(t.get("query-timeout-ms"), "tcp.query-timeout-ms", d.queryTimeoutMillis(), 3_600_000),
                (int) positive(t.get("max-queued-answers"), "tcp.max-queued-answers", d.maxQueuedAnswers(), 65_536));
    }

    /** The {@code [http]} table: the HTTP endpoint's limits. */
    private HttpSettings http(JsonNode t) {
        HttpSettings d = HttpSettings.DEFAULTS;
        if (t == null || !requireTable(t, "http")) {
            return d;
        }
        checkKeys(t, "http", HTTP);
        return new HttpSettings(
                (int) positive(t.get("max-connections"), "http.max-connections", d.maxConnections(), 100_000),
                positive(t.get("request-timeout-ms"), "http.request-timeout-ms", d.requestTimeoutMillis(), 3_600_000));
    }

    private void key(JsonNode k, String path) {
        checkKeys(k, path, KEY);
        String name = string(k.get("name"), path + ".name", null);
        String alg = string(k.get("algorithm"), path + ".algorithm", null);
        String secret = string(k.get("secret"), path + ".secret", null);
        if (name == null || alg == null || secret == null) {
            return;
        }
        try {
            TsigKey key = TsigKey.of(name, alg, secret);
            if (keys.put(key.name(), key) != null) {
                problem(path + ".name", "key " + key.name() + " is defined twice");
            }
            if (key.weak()) {
                warnings.add(file + ":" + lines.lineOf(path + ".algorithm") + ": key '" + path + ".algorithm': "
                        + key.algorithmMnemonic() + " is weak (RFC 8945 §6: not for new keys); it is accepted "
                        + "for clients that default to it (certbot-dns-rfc2136): prefer hmac-sha256");
            }
        } catch (IllegalArgumentException e) {
            String what = e.getMessage().startsWith("unsupported") ? ".algorithm"
                    : e.getMessage().startsWith("bad key") ? ".name" : ".secret";
            problem(path + what, e.getMessage());
        }
    }

    private SecondaryConfig secondary(JsonNode s, String path) {
        Name zone = name(s.get("zone"), path + ".zone");
        List<InetSocketAddress> primaries = addresses(s.get("primaries"), path + ".primaries");
        if (s.has("primaries") && s.get("primaries").isArray() && s.get("primaries").isEmpty()) {
            problem(path + ".primaries", "needs at least one primary address:port");
        } else if (!s.has("primaries")) {
            problem(path, "missing required key 'primaries'");
        }
        Name key = null;
        if (s.has("key")) {
            key = keyRef(s.get("key"), path + ".key");
        }
        ZonePolicy policy = policy(s, path);
        String definedAt = file + ":" + lines.lineOf(path + ".zone") + ": key '" + path + ".zone'";
        TransferLimits d = TransferLimits.DEFAULTS;
        TransferLimits limits = new TransferLimits(
                positive(s.get("max-transfer-records"), path + ".max-transfer-records", d.maxRecords(), Long.MAX_VALUE),
                positive(s.get("max-transfer-octets"), path + ".max-transfer-octets", d.maxOctets(), Long.MAX_VALUE),
                java.time.Duration.ofSeconds(positive(s.get("max-transfer-seconds"), path + ".max-transfer-seconds",
                        d.maxTime().toSeconds(), 86_400)));
        return zone == null ? null : new SecondaryConfig(zone, primaries, key, policy, definedAt, limits);
    }

    /** A whole number from 1 to {@code max}; absent: {@code fallback}; anything else is a problem (and the fallback). */
    private long positive(JsonNode node, String path, long fallback, long max) {
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1 || node.asLong() > max) {
            problem(path, "must be a whole number " + (max == Long.MAX_VALUE ? "of at least 1" : "from 1 to " + max)
                    + ", not " + node);
            return fallback;
        }
        return node.asLong();
    }

    private ZonePolicy policy(JsonNode t, String path) {
        TransferAcl acl = TransferAcl.DENY_ALL;
        if (t.has("allow-transfer")) {
            acl = acl(t.get("allow-transfer"), path + ".allow-transfer");
        }
        List<NotifyTarget> notify = notifyTargets(t.get("also-notify"), path + ".also-notify");
        boolean notifyNs = false;
        if (t.has("notify-ns")) {
            if (t.get("notify-ns").isBoolean()) {
                notifyNs = t.get("notify-ns").asBoolean();
            } else {
                problem(path + ".notify-ns", "must be true or false");
            }
        }
        return new ZonePolicy(acl, notify, notifyNs);
    }

    /**
     * {@code allow-update} is an array of {@code { key = "...", names = [...], subtree = [...], types = [...] }}
     * tables; names are relative to the zone unless they end in ".", and must lie inside it.
     */
    private List<UpdateGrant> grants(JsonNode node, String path, Name zone) {
        List<UpdateGrant> out = new ArrayList<>();
        if (!node.isArray()) {
            problem(path, "must be an array of { key = \"...\", names = [...], types = [...] } tables");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode g = node.get(i);
            String p = path + "[" + i + "]";
            if (!g.isObject()) {
                problem(p, "must be a { key = \"...\", names = [...], types = [...] } table");
                continue;
            }
            checkKeys(g, p, GRANT);
            Name key = g.has("key") ? keyRef(g.get("key"), p + ".key") : null;
            if (!g.has("key")) {
                problem(p, "missing required key 'key' (the TSIG key this grant is for)");
            }
            List<NamePattern> names = new ArrayList<>();
            patterns(g.get("names"), p + ".names", zone, false, names);
            patterns(g.get("subtree"), p + ".subtree", zone, true, names);
            if (!g.has("names") && !g.has("subtree")) {
                problem(p, "needs 'names' or 'subtree' (the owner names the key may change)");
            }
            java.util.Set<Integer> types = new java.util.LinkedHashSet<>();
            JsonNode t = g.get("types");
            if (t == null) {
                problem(p, "missing required key 'types' (the record types the key may change, e.g. [\"TXT\"])");
            } else if (!t.isArray() || t.isEmpty()) {
                problem(p + ".types", "must be a non-empty array of record types, e.g. [\"TXT\"] or [\"A\", \"AAAA\"]");
            } else {
                for (int j = 0; j < t.size(); j++) {
                    String type = string(t.get(j), p + ".types[" + j + "]", "");
                    int code = Type.value(type);
                    if (code < 0) {
                        problem(p + ".types[" + j + "]", "unknown record type " + Diagnostic.quote(type));
                    } else {
                        types.add(code);
                    }
                }
            }
            if (key != null && !names.isEmpty() && !types.isEmpty()) {
                out.add(new UpdateGrant(key, names, types));
            }
        }
        return out;
    }

    private void patterns(JsonNode node, String path, Name zone, boolean subtree, List<NamePattern> out) {
        if (node == null) {
            return;
        }
        if (!node.isArray() || node.isEmpty()) {
            problem(path, "must be a non-empty array of names");
            return;
        }
        for (int j = 0; j < node.size(); j++) {
            String p = path + "[" + j + "]";
            String text = string(node.get(j), p, null);
            if (text == null) {
                continue;
            }
            Name n;
            try {
                n = text.equals("@") ? zone : Name.fromString(text, zone);
            } catch (TextParseException e) {
                problem(p, "bad domain name " + Diagnostic.quote(text) + ": " + e.getMessage());
                continue;
            }
            if (!n.subdomain(zone)) {
                problem(p, n + " is not inside zone " + zone);
                continue;
            }
            out.add(new NamePattern(n, subtree));
        }
    }

    /** An ACL is an array of "address/len" strings and {from = "...", key = "..."} tables. */
    private TransferAcl acl(JsonNode node, String path) {
        List<AclEntry> entries = new ArrayList<>();
        if (!node.isArray()) {
            problem(path, "must be an array of addresses/CIDRs or { from = \"...\", key = \"...\" } tables");
            return TransferAcl.DENY_ALL;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String p = path + "[" + i + "]";
            if (e.isTextual()) {
                CidrBlock block = cidr(e.asText(), p);
                if (block != null) {
                    entries.add(new AclEntry(block, null));
                }
            } else if (e.isObject()) {
                checkKeys(e, p, ACL_ENTRY);
                CidrBlock block = e.has("from") ? cidr(string(e.get("from"), p + ".from", ""), p + ".from") : null;
                Name key = e.has("key") ? keyRef(e.get("key"), p + ".key") : null;
                if (block == null && key == null) {
                    if (!e.has("from") && !e.has("key")) {
                        problem(p, "an ACL entry needs 'from', 'key' or both");
                    }
                    continue;
                }
                entries.add(new AclEntry(block, key));
            } else {
                problem(p, "must be an address/CIDR string or a { from, key } table");
            }
        }
        return new TransferAcl(entries);
    }

    /** also-notify is an array of "address:port" strings and {to = "address:port", key = "..."} tables. */
    private List<NotifyTarget> notifyTargets(JsonNode node, String path) {
        List<NotifyTarget> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            problem(path, "must be an array of \"address:port\" strings or { to = \"address:port\", key = \"...\" } tables");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String p = path + "[" + i + "]";
            Name key = null;
            String to;
            if (e.isObject()) {
                checkKeys(e, p, NOTIFY_ENTRY);
                to = string(e.get("to"), p + ".to", null);
                key = e.has("key") ? keyRef(e.get("key"), p + ".key") : null;
                p = p + ".to";
            } else {
                to = string(e, p, null);
            }
            if (to == null) {
                continue;
            }
            try {
                out.add(new NotifyTarget(parseSocketAddress(to), key));
            } catch (IllegalArgumentException ex) {
                problem(p, ex.getMessage());
            }
        }
        return out;
    }

    private CidrBlock cidr(String text, String path) {
        try {
            return CidrBlock.parse(text);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
    }

    private Name keyRef(JsonNode node, String path) {
        Name key = name(node, path);
        if (key != null && !keys.containsKey(key)) {
            problem(path, "no [[key]] named " + key);
            return null;
        }
        return key;
    }

    private List<InetSocketAddress> addresses(JsonNode node, String path) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            problem(path, "must be an array of \"address:port\" strings");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String s = string(node.get(i), path + "[" + i + "]", null);
            if (s == null) {
                continue;
            }
            try {
                out.add(parseSocketAddress(s));
            } catch (IllegalArgumentException e) {
                problem(path + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** Parses {@code 127.0.0.1:53}, {@code [::1]:53} or a bare literal address (port 53). */
    public static InetSocketAddress parseSocketAddress(String text) {
        String host = text.trim();
        int port = 53;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad address " + Diagnostic.quote(text) + ": missing ']'");
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                port = port(rest, text);
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = port(host.substring(host.indexOf(':')), text);
            host = host.substring(0, host.indexOf(':'));
        }
        CidrBlock literal;
        try {
            literal = CidrBlock.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad address " + Diagnostic.quote(text) + ": expected IP:port or [IPv6]:port");
        }
        InetAddress addr = literal.network();
        return new InetSocketAddress(addr, port);
    }

    private static int port(String colonPort, String text) {
        try {
            int port = Integer.parseInt(colonPort.substring(1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bad port in " + Diagnostic.quote(text));
        }
    }

    private Name name(JsonNode node, String path) {
        String s = string(node, path, null);
        if (s == null) {
            return null;
        }
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            problem(path, "bad domain name " + Diagnostic.quote(s) + ": " + e.getMessage());
            return null;
        }
    }

    private String string(JsonNode node, String path, String fallback) {
        if (node == null) {
            if (fallback == null) {
                problem(path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : path,
                        "missing required key '" + path.substring(path.lastIndexOf('.') + 1) + "'");
            }
            return fallback;
        }
        if (!node.isTextual()) {
            problem(path, "must be a string");
            return fallback;
        }
        return node.asText();
    }

    private boolean requireTable(JsonNode node, String path) {
        if (node.isObject()) {
            return true;
        }
        problem(path, "must be a table");
        return false;
    }

    private void forEachTable(JsonNode node, String path, java.util.function.BiConsumer<JsonNode, String> each) {
        if (node == null) {
            return;
        }
        if (!node.isArray()) {
            problem(path, "must be an array of tables ([[" + path + "]])");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            String p = path + "[" + i + "]";
            if (requireTable(node.get(i), p)) {
                each.accept(node.get(i), p);
            }
        }
    }

    private void checkKeys(JsonNode table, String path, Set<String> allowed) {
        for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                String p = path.isEmpty() ? key : path + "." + key;
                problem(p, "unknown key (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** {@code text} as a path below {@code base}; a text no file system takes (a NUL in it) is a problem. */
    private Path path(Path base, String text, String key) {
        try {
            return base.resolve(text);
        } catch (java.nio.file.InvalidPathException e) {
            problem(key, "not a usable path " + Diagnostic.quote(text) + ": " + Diagnostic.printable(e.getReason(), 80));
            return base;
        }
    }

    private void problem(String path, String message) {
        // Through Diagnostic: control characters from the file escaped, a long value cut.
        problems.add(Diagnostic.error(file, lines.lineOf(path), "key " + Diagnostic.quote(path) + ": " + message)
                .toString());
    }
}
