package dev.tomldns.edns;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
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
        cookie[0] = VERSION;
        int t = (int) epochSeconds;
        cookie[4] = (byte) (t >>> 24);
        cookie[5] = (byte) (t >>> 16);
        cookie[6] = (byte) (t >>> 8);
        cookie[7] = (byte) t;
        System.arraycopy(hash(sipHashes[0], clientCookie, cookie, client), 0, cookie, 8, 8);
        return cookie;
    }

    /**
     * Whether {@code serverCookie} is one this secret made for {@code clientCookie} and {@code client}, not older
     * than an hour nor more than five minutes ahead of {@code epochSeconds} (RFC 9018 §4.3).
     */
    public boolean valid(byte[] clientCookie, byte[] serverCookie, InetAddress client, long epochSeconds) {
        if (clientCookie.length != CLIENT_LENGTH || serverCookie.length != LENGTH || serverCookie[0] != VERSION) {
            return false;
        }
        int t = (serverCookie[4] & 0xff) << 24 | (serverCookie[5] & 0xff) << 16 | (serverCookie[6] & 0xff) << 8
                | (serverCookie[7] & 0xff);
        // RFC 1982 serial arithmetic on the 32-bit timestamp: the signed difference to now.
        int age = (int) epochSeconds - t;
        if (age > MAX_AGE || age < -MAX_AHEAD) {
            return false;
        }
        byte[] given = Arrays.copyOfRange(serverCookie, 8, 16);
        boolean valid = false;
        for (HashFunction sipHash : sipHashes) {
            // Constant time: the comparison does not tell a forger how many octets were right.
            valid |= MessageDigest.isEqual(hash(sipHash, clientCookie, serverCookie, client), given);
        }
        return valid;
    }

    /** RFC 9018 §4.4: SipHash-2-4 of client cookie, version, reserved, timestamp and the client's address. */
    private static byte[] hash(HashFunction sipHash, byte[] clientCookie, byte[] serverCookie, InetAddress client) {
        byte[] ip = client.getAddress();
        byte[] input = new byte[CLIENT_LENGTH + 8 + ip.length];
        System.arraycopy(clientCookie, 0, input, 0, CLIENT_LENGTH);
        System.arraycopy(serverCookie, 0, input, CLIENT_LENGTH, 8);
        System.arraycopy(ip, 0, input, CLIENT_LENGTH + 8, ip.length);
        // The hash is the 64-bit result in little-endian octets, as the reference implementation writes it.
        return sipHash.hashBytes(input).asBytes();
    }
}
