package dev.tomldns.edns;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.List;

/**
 * Server cookies as RFC 9018 makes them, so that servers sharing the secret (anycast, several implementations)
 * accept each other's: Version 1, three reserved octets, a 32-bit timestamp (seconds since the epoch, serial
 * arithmetic) and the SipHash-2-4 (Guava's {@link Hashing#sipHash24}) of client cookie | version | reserved |
 * timestamp | client IP under the 16-octet secret (RFC 9018 §4.4).
 */
public final class ServerCookie {
    /** RFC 7873 §4: the client cookie is 8 octets. */
    public static final int CLIENT_LENGTH = 8;
    /** RFC 9018 §4: a server cookie of this format is 16 octets. */
    public static final int LENGTH = 16;
    /** RFC 9018 §4.2: the secret is 16 octets (SipHash-2-4's key). */
    public static final int SECRET_LENGTH = 16;
    private static final int VERSION = 1;
    /** RFC 9018 §4.3: a cookie whose timestamp is more than an hour old is stale... */
    private static final long MAX_AGE = 3600;
    /** ...and one more than five minutes in the future is not ours. */
    private static final long MAX_AHEAD = 300;

    /** The first makes cookies; each checks them (a rotated secret stays accepted while its cookies live). */
    private final HashFunction[] sipHashes;

    private ServerCookie(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no cookie secret");
        }
        sipHashes = new HashFunction[secrets.size()];
        for (int i = 0; i < sipHashes.length; i++) {
            byte[] secret = secrets.get(i);
            if (secret.length != SECRET_LENGTH) {
                throw new IllegalArgumentException("a cookie secret is " + SECRET_LENGTH + " octets");
            }
            // SipHash's key is two little-endian 64-bit words (the reference implementation's U8TO64_LE).
            ByteBuffer key = ByteBuffer.wrap(secret).order(ByteOrder.LITTLE_ENDIAN);
            sipHashes[i] = Hashing.sipHash24(key.getLong(0), key.getLong(8));
        }
    }

    private ServerCookie(byte[] secret) {
        this(List.of(secret));
    }

    /** Cookies made and checked with {@code secret} (16 octets). */
    public static ServerCookie withSecret(byte[] secret) {
        return new ServerCookie(secret.clone());
    }

    /** Cookies made with the first of {@code secrets} and accepted under any of them (each 16 octets). */
    public static ServerCookie withSecrets(List<byte[]> secrets) {
        return new ServerCookie(secrets.stream().map(byte[]::clone).toList());
    }

    /** Cookies under a random secret, made at start (RFC 7873 §7.1: a server may pick its secret itself). */
    public static ServerCookie withRandomSecret() {
        byte[] secret = new byte[SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        return new ServerCookie(secret);
    }

    /** The server cookie for {@code clientCookie} from {@code client} at {@code epochSeconds}. */
    public byte[] make(byte[] clientCookie, InetAddress client, long epochSeconds) {
        byte[] cookie = new byte[LENGTH];
        make(clientCookie, 0, client, epochSeconds, cookie, 0);
        return cookie;
    }

    /**
     * Writes the server cookie for the client cookie at {@code b[clientAt, clientAt + 8)} from {@code client} at
     * {@code epochSeconds} into {@code out[outAt, outAt + 16)}: what the answer cache writes per reply, from the
     * query's octets.
     */
    public void make(byte[] b, int clientAt, InetAddress client, long epochSeconds, byte[] out, int outAt) {
        out[outAt] = VERSION;
        out[outAt + 1] = 0;
        out[outAt + 2] = 0;
        out[outAt + 3] = 0;
        int t = (int) epochSeconds;
        out[outAt + 4] = (byte) (t >>> 24);
        out[outAt + 5] = (byte) (t >>> 16);
        out[outAt + 6] = (byte) (t >>> 8);
        out[outAt + 7] = (byte) t;
        long hash = hash(sipHashes[0], b, clientAt, out, outAt, client);
        // The hash is the 64-bit result in little-endian octets, as the reference implementation writes it.
        for (int i = 0; i < 8; i++) {
            out[outAt + 8 + i] = (byte) (hash >>> (8 * i));
        }
    }

    /**
     * Whether {@code serverCookie} is one this secret made for {@code clientCookie} and {@code client}, not older
     * than an hour nor more than five minutes ahead of {@code epochSeconds} (RFC 9018 §4.3).
     */
    public boolean valid(byte[] clientCookie, byte[] serverCookie, InetAddress client, long epochSeconds) {
        if (clientCookie.length != CLIENT_LENGTH) {
            return false;
        }
        byte[] both = new byte[CLIENT_LENGTH + serverCookie.length];
        System.arraycopy(clientCookie, 0, both, 0, CLIENT_LENGTH);
        System.arraycopy(serverCookie, 0, both, CLIENT_LENGTH, serverCookie.length);
        return valid(both, 0, serverCookie.length, client, epochSeconds);
    }

    /**
     * As {@link #valid(byte[], byte[], InetAddress, long)} for a COOKIE option's data in {@code b}: the client
     * cookie at {@code clientAt}, the {@code serverLength} octets of server cookie after it.
     */
    public boolean valid(byte[] b, int clientAt, int serverLength, InetAddress client, long epochSeconds) {
        int s = clientAt + CLIENT_LENGTH;
        if (serverLength != LENGTH || b[s] != VERSION) {
            return false;
        }
        int t = (b[s + 4] & 0xff) << 24 | (b[s + 5] & 0xff) << 16 | (b[s + 6] & 0xff) << 8 | (b[s + 7] & 0xff);
        // RFC 1982 serial arithmetic on the 32-bit timestamp: the signed difference to now.
        int age = (int) epochSeconds - t;
        if (age > MAX_AGE || age < -MAX_AHEAD) {
            return false;
        }
        long given = 0;
        for (int i = 7; i >= 0; i--) {
            given = given << 8 | (b[s + 8 + i] & 0xff);
        }
        boolean valid = false;
        for (HashFunction sipHash : sipHashes) {
            // Constant time: one 64-bit comparison, no early exit to tell a forger how close a guess came.
            valid |= hash(sipHash, b, clientAt, b, s, client) == given;
        }
        return valid;
    }

    /**
     * RFC 9018 §4.4: SipHash-2-4 of client cookie ({@code c[clientAt...]}), version, reserved and timestamp (the
     * first 8 octets of the server cookie at {@code server[serverAt...]}) and the client's address.
     */
    private static long hash(HashFunction sipHash, byte[] c, int clientAt, byte[] server, int serverAt,
            InetAddress client) {
        return sipHash.newHasher(CLIENT_LENGTH + 8 + 16)
                .putBytes(c, clientAt, CLIENT_LENGTH)
                .putBytes(server, serverAt, 8)
                .putBytes(client.getAddress())
                .hash().asLong();
    }
}
