package dev.tomldns.lint;

import static dev.tomldns.lint.FindingAssert.clean;
import static dev.tomldns.lint.FindingAssert.has;
import static dev.tomldns.lint.Finding.Severity.ERROR;
import static dev.tomldns.lint.Finding.Severity.INFO;
import static dev.tomldns.lint.Finding.Severity.WARNING;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc6376DkimLintTest {

    static String rsaKey(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    }

    /** RFC 8463 §4.2: the bare 32-octet key, i.e. the SubjectPublicKeyInfo minus its 12-octet header. */
    static String ed25519Key() throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, 12, spki.length));
    }

    @Test
    void validKeysRaiseNothing() throws Exception {
        TestZone z = new TestZone("example.net.");
        String rsa = "v=DKIM1; k=rsa; p=" + rsaKey(2048);
        // A 2048-bit key is longer than 255 octets: split into character-strings as the zone format does.
        int r = z.txt("s1._domainkey", rsa.substring(0, 200), rsa.substring(200));
        int ed = z.txt("s2._domainkey", "v=DKIM1; k=ed25519; p=" + ed25519Key());
        int noV = z.txt("s3._domainkey", "k=rsa; h=sha256; p=" + rsaKey(2048));
        List<Finding> f = z.lint();
        clean(f, r);
        clean(f, ed);
        clean(f, noV);
    }

    @Test
    void shortRsaKeys() throws Exception {
        TestZone z = new TestZone("example.net.");
        int tiny = z.txt("old._domainkey", "v=DKIM1; p=" + rsaKey(512));
        int small = z.txt("mid._domainkey", "v=DKIM1; p=" + rsaKey(1024));
        List<Finding> f = z.lint();
        has(f, ERROR, tiny, "512 bits");
        has(f, WARNING, small, "1024 bits");
    }

    @Test
    void keyMustBeBase64OfARealKey() {
        TestZone z = new TestZone("example.net.");
        int notBase64 = z.txt("a._domainkey", "v=DKIM1; p=MIIB!!notbase64");
        int notKey = z.txt("b._domainkey", "v=DKIM1; p=" + Base64.getEncoder().encodeToString("hello".getBytes()));
        int wrongEd = z.txt("c._domainkey", "v=DKIM1; k=ed25519; p=" + Base64.getEncoder()
                .encodeToString(new byte[44]));
        List<Finding> f = z.lint();
        has(f, ERROR, notBase64, "not valid base64");
        has(f, ERROR, notKey, "not to an RSA public key");
        has(f, ERROR, wrongEd, "this one has 44 octets");
    }

    @Test
    void emptyKeyMeansRevoked() {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("gone._domainkey", "v=DKIM1; p=");
        has(z.lint(), INFO, line, "revoked");
    }

    @Test
    void versionFirstKeyTypeAndRequiredKey() throws Exception {
        TestZone z = new TestZone("example.net.");
        int vLate = z.txt("a._domainkey", "k=rsa; v=DKIM1; p=" + rsaKey(2048));
        int kBad = z.txt("b._domainkey", "v=DKIM1; k=dsa; p=" + rsaKey(2048));
        int noP = z.txt("c._domainkey", "v=DKIM1; k=rsa");
        int dup = z.txt("d._domainkey", "v=DKIM1; p=; p=");
        int syntax = z.txt("e._domainkey", "v=DKIM1; k rsa; p=");
        List<Finding> f = z.lint();
        has(f, ERROR, vLate, "v= must be the first tag");
        has(f, ERROR, kBad, "k=dsa is not a DKIM key type");
        has(f, ERROR, noP, "required p= tag");
        has(f, ERROR, dup, "p= appears more than once");
        has(f, ERROR, syntax, "is not tag=value");
    }

    @Test
    void sha1OnlyWarns() throws Exception {
        TestZone z = new TestZone("example.net.");
        int line = z.txt("a._domainkey", "v=DKIM1; h=sha1; p=" + rsaKey(2048));
        has(z.lint(), WARNING, line, "h=sha1 only");
    }
}
