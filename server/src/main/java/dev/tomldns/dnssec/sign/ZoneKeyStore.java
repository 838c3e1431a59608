package dev.tomldns.dnssec.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tomldns.state.StateDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * The DNSSEC keys of the signed zones, kept in the state directory's {@code dnssec} folder: one file per zone,
 * {@code <zone>.keys.toml} (the root zone: {@code root.keys.toml}), holding each key's role, algorithm, tag, times
 * and the key pair (private key as PKCS#8, public as X.509 SubjectPublicKeyInfo, both base64). The folder is made
 * owner-only (0700) and each file is written owner-only (0600) from its creation, whole, synced and renamed over,
 * so a crash leaves the old or the new file. Keys are made with the JDK's providers ({@link KeyPairGenerator}).
 *
 * <p>Backup: copy the folder (e.g. {@code cp -a /var/lib/tomldns/dnssec backup/}); restoring it gives the same
 * keys, hence the same DNSKEY and DS.
 */
public final class ZoneKeyStore {
    /** The folder's name inside the state directory. */
    public static final String FOLDER = "dnssec";
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<String> TOP = Set.of("zone", "key");
    private static final Set<String> KEY = Set.of("role", "algorithm", "tag", "created", "submitted", "ready",
            "activate", "retire-active", "retire", "remove", "public-key", "private-key");

    private final Path dir;

    private ZoneKeyStore(Path dir) {
        this.dir = dir;
    }

    /**
     * The key store in {@code state}, which must be a state directory of its own: private keys do not belong in
     * the zones folder (which is often kept in git or served read-only).
     */
    public static ZoneKeyStore in(StateDirectory state) throws SigningException {
        if (!state.dedicated()) {
            throw new SigningException("DNSSEC signing keeps its private keys in the state directory, and none is "
                    + "set: give `serve --state-dir DIR` (or `state-dir` in the server configuration)");
        }
        return at(state.path().resolve(FOLDER));
    }

    /** The key store in the folder {@code dir} (made owner-only when missing). */
    public static ZoneKeyStore at(Path dir) {
        return new ZoneKeyStore(dir);
    }

    public Path folder() {
        return dir;
    }

    /** The file holding {@code zone}'s keys. */
    public Path file(Name zone) {
        String name = zone.equals(Name.root) ? "root" : zone.toString(true).toLowerCase(java.util.Locale.ROOT);
        return dir.resolve(name + ".keys.toml");
    }

    /** The keys of {@code zone}; empty when it has none yet. */
    public List<SigningKey> load(Name zone) throws SigningException {
        Path file = file(zone);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SigningException(file + ": cannot read the zone's DNSSEC keys (" + StateDirectory.why(e) + ")");
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(bytes);
        } catch (IOException e) {
            throw new SigningException(file + ": not a key file tomldns wrote (it does not read as TOML); restore "
                    + "it from your backup of the folder");
        }
        unknownKeys(file, root, TOP, "");
        List<SigningKey> keys = new ArrayList<>();
        JsonNode list = root.get("key");
        if (list == null || !list.isArray()) {
            throw new SigningException(file + ": no [[key]] entries; restore it from your backup of the folder");
        }
        for (int i = 0; i < list.size(); i++) {
            keys.add(key(file, zone, list.get(i), "key[" + i + "]"));
        }
        return List.copyOf(keys);
    }

    /**
     * The keys of {@code zone}, made and stored first when it has none: one CSK of the policy's algorithm, or a
     * KSK and a ZSK when the policy splits them.
     */
    public List<SigningKey> loadOrCreate(Name zone, SigningPolicy policy, long dnskeyTtl, Instant now)
            throws SigningException {
        List<SigningKey> keys = load(zone);
        if (!keys.isEmpty()) {
            return keys;
        }
        List<SigningKey> made = policy.splitKeys()
                ? List.of(generate(zone, SigningKey.Role.KSK, policy.algorithm(), dnskeyTtl, now),
                        generate(zone, SigningKey.Role.ZSK, policy.algorithm(), dnskeyTtl, now))
                : List.of(generate(zone, SigningKey.Role.CSK, policy.algorithm(), dnskeyTtl, now));
        save(zone, made);
        return made;
    }

    /** A new key pair from the JDK's providers, as a key of {@code role}. */
    public static SigningKey generate(Name zone, SigningKey.Role role, int algorithm, long ttl, Instant now)
            throws SigningException {
        try {
            KeyPairGenerator g;
            if (algorithm == DNSSEC.Algorithm.ED25519) {
                g = KeyPairGenerator.getInstance("Ed25519");
            } else {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
            KeyPair pair = g.generateKeyPair();
            return new SigningKey(role, dnskey(zone, role, algorithm, ttl, pair.getPublic()), pair.getPrivate(),
                    now, null);
        } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
            throw new SigningException("zone " + zone + ": this Java runtime cannot make a "
                    + SigningPolicy.algorithmName(algorithm) + " key (" + e.getMessage() + ")");
        }
    }

    private static DNSKEYRecord dnskey(Name zone, SigningKey.Role role, int algorithm, long ttl, PublicKey key)
            throws DNSSEC.DNSSECException {
        // RFC 4034 §2.1.1: Zone Key bit always; the SEP bit on keys whose DS the parent holds (KSK, CSK).
        int flags = DNSKEYRecord.Flags.ZONE_KEY | (role == SigningKey.Role.ZSK ? 0 : DNSKEYRecord.Flags.SEP_KEY);
        return new DNSKEYRecord(zone, DClass.IN, ttl, flags, DNSKEYRecord.Protocol.DNSSEC, algorithm, key);
    }

    /** Replaces the stored keys of {@code zone}: written owner-only, whole, synced, renamed over. */
    public void save(Name zone, List<SigningKey> keys) throws SigningException {
        Path file = file(zone);
        StringBuilder out = new StringBuilder();
        out.append("# DNSSEC keys of zone ").append(zone).append(", written by tomldns. These are private keys:\n")
                .append("# keep this folder owner-only; back it up by copying the folder. Do not edit.\n")
                .append("zone = \"").append(zone).append("\"\n");
        for (SigningKey k : keys) {
            out.append("\n[[key]]\n")
                    .append("role = \"").append(k.role().name().toLowerCase(java.util.Locale.ROOT)).append("\"\n")
                    .append("algorithm = ").append(k.algorithm()).append('\n')
                    .append("tag = ").append(k.tag()).append('\n')
                    .append("created = \"").append(k.created()).append("\"\n");
            if (k.submitted() != null) {
                out.append("submitted = \"").append(k.submitted()).append("\"\n");
            }
            if (!k.ready().equals(k.activate())) {
                out.append("ready = \"").append(k.ready()).append("\"\n");
            }
            if (k.activate() != null) {
                out.append("activate = \"").append(k.activate()).append("\"\n");
            }
            if (k.retireActive() != null && !k.retireActive().equals(k.retire())) {
                out.append("retire-active = \"").append(k.retireActive()).append("\"\n");
            }
            if (k.retire() != null) {
                out.append("retire = \"").append(k.retire()).append("\"\n");
            }
            if (k.remove() != null) {
                out.append("remove = \"").append(k.remove()).append("\"\n");
            }
            out.append("public-key = \"").append(base64(publicKey(k).getEncoded())).append("\"\n")
                    .append("private-key = \"").append(base64(k.privateKey().getEncoded())).append("\"\n");
        }
        try {
            ownerOnlyFolder();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE_MODE);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), mode)) {
                ByteBuffer b = StandardCharsets.UTF_8.encode(out.toString());
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, FILE_MODE); // the umask may have taken bits from CREATE_NEW's mode
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SigningException(file + ": cannot store the zone's DNSSEC keys (" + StateDirectory.why(e)
                    + "); the zone is not signed until it can");
        }
    }

    private void ownerOnlyFolder() throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
        } catch (FileAlreadyExistsException e) {
            // kept as it is, but owner-only below
        }
        Files.setPosixFilePermissions(dir, FOLDER_MODE);
    }

    private static PublicKey publicKey(SigningKey k) {
        try {
            return k.dnskey().getPublicKey();
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException("a key made here has no public key: " + e.getMessage());
        }
    }

    private static SigningKey key(Path file, Name zone, JsonNode k, String path) throws SigningException {
        unknownKeys(file, k, KEY, path + ".");
        String roleText = text(file, k, "role", path);
        SigningKey.Role role;
        try {
            role = SigningKey.Role.valueOf(roleText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SigningException(file + ": " + path + ".role: '" + roleText + "' is not csk, ksk or zsk");
        }
        int algorithm = k.path("algorithm").asInt(-1);
        String family = algorithm == DNSSEC.Algorithm.ED25519 ? "Ed25519" : "EC";
        if (algorithm != DNSSEC.Algorithm.ED25519 && algorithm != DNSSEC.Algorithm.ECDSAP256SHA256) {
            throw new SigningException(file + ": " + path + ".algorithm: " + k.path("algorithm").asText()
                    + " is not one tomldns signs with (13 or 15)");
        }
        try {
            KeyFactory f = KeyFactory.getInstance(family);
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(base64(file, k, "public-key", path)));
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(base64(file, k, "private-key", path)));
            Instant created = Instant.parse(text(file, k, "created", path));
            Instant submitted = k.has("submitted") ? Instant.parse(text(file, k, "submitted", path)) : null;
            // A key with a ready time and no activation is a successor waiting for its DS at the parent.
            Instant ready = k.has("ready") ? Instant.parse(text(file, k, "ready", path)) : null;
            Instant activate = k.has("activate") ? Instant.parse(text(file, k, "activate", path))
                    : ready == null ? created : null;
            if (ready == null) {
                ready = activate;
            }
            Instant retire = k.has("retire") ? Instant.parse(text(file, k, "retire", path)) : null;
            Instant retireActive = k.has("retire-active") ? Instant.parse(text(file, k, "retire-active", path))
                    : retire;
            Instant remove = k.has("remove") ? Instant.parse(text(file, k, "remove", path)) : null;
            // The TTL is the zone's, set when signing; 0 here.
            SigningKey key = new SigningKey(role, dnskey(zone, role, algorithm, 0, pub), priv, created, submitted,
                    ready, activate, retireActive, retire, remove);
            if (k.has("tag") && k.get("tag").asInt() != key.tag()) {
                throw new SigningException(file + ": " + path + ": the public key has tag " + key.tag() + ", not "
                        + k.get("tag").asInt() + " as written; restore the file from your backup of the folder");
            }
            return key;
        } catch (GeneralSecurityException | DNSSEC.DNSSECException | java.time.DateTimeException e) {
            throw new SigningException(file + ": " + path + ": not a key this Java runtime can read ("
                    + e.getMessage() + "); restore the file from your backup of the folder");
        }
    }

    private static String text(Path file, JsonNode k, String key, String path) throws SigningException {
        JsonNode v = k.get(key);
        if (v == null || !v.isTextual()) {
            throw new SigningException(file + ": " + path + "." + key + ": missing; restore the file from your "
                    + "backup of the folder");
        }
        return v.asText();
    }

    private static byte[] base64(Path file, JsonNode k, String key, String path) throws SigningException {
        try {
            return Base64.getDecoder().decode(text(file, k, key, path));
        } catch (IllegalArgumentException e) {
            throw new SigningException(file + ": " + path + "." + key + ": not base64");
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void unknownKeys(Path file, JsonNode table, Set<String> allowed, String prefix)
            throws SigningException {
        for (var it = table.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new SigningException(file + ": " + prefix + key + ": unknown key in a key file");
            }
        }
    }
}
