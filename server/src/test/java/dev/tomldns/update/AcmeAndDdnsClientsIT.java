package dev.tomldns.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tomldns.testing.Fixture;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The clients the README configures, against the real server: dehydrated with the nsupdate hook in
 * {@code examples/acme/}, and certbot with certbot-dns-rfc2136 (HMAC-MD5, its default, and HMAC-SHA512), each get a
 * certificate for a name and its wildcard from Pebble (Let's Encrypt's test CA, resolving through tomldns) by DNS-01,
 * and leave no challenge TXT behind; ddclient with {@code protocol=nsupdate} sets the home host's address. Each client
 * has its own key, which may change only what its job needs.
 */
class AcmeAndDdnsClientsIT {
    static final String ZONE = "pebble.test.";
    static final String HOME_ZONE = "home.test.";
    static final String DOMAIN = "pebble.test";
    static final String CHALLENGE = "_acme-challenge.pebble.test.";
    static final Map<String, String[]> KEYS = Map.of(
            "dehydrated", new String[] {"hmac-sha256", "ZGVoeWRyYXRlZC1rZXktZGVoeWRyYXRlZC1rZXkh"},
            "certbot-md5", new String[] {"hmac-md5", "Y2VydGJvdC1tZDUta2V5LWNlcnRib3QtbWQ1IQ=="},
            "certbot-sha512", new String[] {"hmac-sha512", "Y2VydGJvdC1zaGE1MTIta2V5LWNlcnRib3Qtc2hhNTEyLWtleSE="},
            "router", new String[] {"hmac-sha256", "cm91dGVyLWtleS1yb3V0ZXIta2V5LXJvdXRlci1rZXkh"});

    @TempDir static Path dir;
    static ServeProcess server;
    static Process pebble;
    static int pebblePort;

    @BeforeAll
    static void start() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        for (String zone : List.of(ZONE, HOME_ZONE)) {
            Files.writeString(zones.resolve(zone + "toml"), """
                    [soa]
                    mname = "ns1.%1$s"
                    rname = "hostmaster.%1$s"

                    [[records]]
                    name = "@"
                    type = "NS"
                    data = "ns1"

                    [[records]]
                    name = "ns1"
                    type = "A"
                    data = "127.0.0.1"

                    [[records]]
                    name = "home"
                    type = "A"
                    data = "192.0.2.1"
                    """.formatted(zone));
        }
        StringBuilder config = new StringBuilder();
        for (var k : KEYS.entrySet()) {
            config.append("[[key]]\nname = \"").append(k.getKey()).append("\"\nalgorithm = \"").append(k.getValue()[0])
                    .append("\"\nsecret = \"").append(k.getValue()[1]).append("\"\n\n");
        }
        config.append("""
                [[zone]]
                name = "pebble.test."
                allow-update = [
                  { key = "dehydrated", names = ["_acme-challenge", "_acme-challenge.*"], types = ["TXT"] },
                  { key = "certbot-md5", names = ["_acme-challenge", "_acme-challenge.*"], types = ["TXT"] },
                  { key = "certbot-sha512", names = ["_acme-challenge", "_acme-challenge.*"], types = ["TXT"] },
                ]

                [[zone]]
                name = "home.test."
                allow-update = [{ key = "router", names = ["home"], types = ["A", "AAAA"] }]
                """);
        Files.writeString(dir.resolve("tomldns.toml"), config);
        server = new ServeProcess(dir).start(ZONE);
        pebble = startPebble(server.port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pebble != null) {
            pebble.destroy();
            pebble.waitFor(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    /** Pebble on loopback with a certificate made here, resolving the challenge names through tomldns. */
    private static Process startPebble(int dnsPort) throws Exception {
        Path p = Files.createDirectories(dir.resolve("pebble"));
        run(Map.of(), "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", p.resolve("key.pem").toString(),
                "-out", p.resolve("cert.pem").toString());
        pebblePort = ServeProcess.freePort();
        Files.writeString(p.resolve("pebble-config.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(pebblePort, ServeProcess.freePort(), p.resolve("cert.pem"), p.resolve("key.pem"),
                ServeProcess.freePort(), ServeProcess.freePort()));
        ProcessBuilder pb = new ProcessBuilder("pebble", "-config", p.resolve("pebble-config.json").toString(),
                "-dnsserver", "127.0.0.1:" + dnsPort, "-strict", "false").redirectErrorStream(true)
                .redirectOutput(p.resolve("pebble.log").toFile());
        // No artificial waits, no nonce rejected on purpose, no authorization reused between clients.
        pb.environment().putAll(Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0", "PEBBLE_AUTHZREUSE", "0"));
        Process process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", pebblePort)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("pebble did not start: " + Files.readString(p.resolve("pebble.log")));
    }

    record Result(int exit, String out) { }

    static Result run(Map<String, String> env, String... command) throws Exception {
        // Output to a file, not a pipe: a client's lingering child holding the pipe open cannot stall the test.
        Path log = Files.createTempFile(dir, "client", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile())
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out: " + List.of(command) + "\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** A key file in BIND's format, as tsig-keygen writes it (nsupdate -k, ddclient). */
    static Path keyFile(String name) throws IOException {
        Path f = dir.resolve(name + ".key");
        Files.writeString(f, "key \"" + name + "\" {\n\talgorithm " + KEYS.get(name)[0] + ";\n\tsecret \""
                + KEYS.get(name)[1] + "\";\n};\n");
        return f;
    }

    /** The certificate is Pebble's and names the domain and its wildcard; no challenge TXT is left. */
    static void assertCertificateAndCleanZone(Path cert, String clientOutput) throws Exception {
        assertTrue(Files.exists(cert), clientOutput + "\n" + server.log());
        Result text = run(Map.of(), "openssl", "x509", "-in", cert.toString(), "-noout", "-issuer", "-ext",
                "subjectAltName");
        assertTrue(text.out().contains("DNS:" + DOMAIN) && text.out().contains("DNS:*." + DOMAIN), text.out());
        assertTrue(text.out().contains("Pebble"), text.out());
        assertEquals(List.of(), server.data(CHALLENGE, Type.TXT), "challenge TXT left behind");
    }

    @Test
    void dehydratedWithTheNsupdateHookGetsANameAndItsWildcard() throws Exception {
        Path hook = Fixture.root().resolve("examples/acme/dehydrated-nsupdate-hook.sh");
        Path base = Files.createDirectories(dir.resolve("dehydrated"));
        Path conf = base.resolve("config");
        Files.writeString(conf, """
                CA="https://127.0.0.1:%d/dir"
                CHALLENGETYPE="dns-01"
                HOOK="%s"
                BASEDIR="%s"
                CURL_OPTS="--cacert %s"
                """.formatted(pebblePort, hook, base, dir.resolve("pebble/cert.pem")));
        Map<String, String> env = Map.of("DNS_SERVER", "127.0.0.1", "DNS_PORT", String.valueOf(server.port),
                "DNS_KEY_FILE", keyFile("dehydrated").toString());
        Result register = run(env, "dehydrated", "-f", conf.toString(), "--register", "--accept-terms");
        assertEquals(0, register.exit(), register.out());
        Result issue = run(env, "dehydrated", "-f", conf.toString(), "-c", "-d", DOMAIN, "-d", "*." + DOMAIN);
        assertEquals(0, issue.exit(), issue.out() + "\n" + server.log());
        assertCertificateAndCleanZone(base.resolve("certs/" + DOMAIN + "/cert.pem"), issue.out());
        assertTrue(server.log().contains("by key dehydrated."), server.log());
    }

    @Test
    void certbotDnsRfc2136WithHmacMd5ItsDefault() throws Exception {
        certbot("certbot-md5", null);
    }

    @Test
    void certbotDnsRfc2136WithHmacSha512() throws Exception {
        certbot("certbot-sha512", "HMAC-SHA512");
    }

    private void certbot(String key, String algorithm) throws Exception {
        Path base = Files.createDirectories(dir.resolve(key));
        Path credentials = base.resolve("rfc2136.ini");
        Files.writeString(credentials, "dns_rfc2136_server = 127.0.0.1\ndns_rfc2136_port = " + server.port
                + "\ndns_rfc2136_name = " + key + "\ndns_rfc2136_secret = " + KEYS.get(key)[1] + "\n"
                + (algorithm == null ? "" : "dns_rfc2136_algorithm = " + algorithm + "\n"));
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        List<String> cmd = new ArrayList<>(List.of("certbot", "certonly", "--non-interactive", "--agree-tos",
                "--register-unsafely-without-email", "--server", "https://127.0.0.1:" + pebblePort + "/dir",
                "--authenticator", "dns-rfc2136", "--dns-rfc2136-credentials", credentials.toString(),
                "--dns-rfc2136-propagation-seconds", "1", "-d", DOMAIN, "-d", "*." + DOMAIN, "--cert-name", key,
                "--config-dir", base.resolve("config").toString(), "--work-dir", base.resolve("work").toString(),
                "--logs-dir", base.resolve("logs").toString()));
        Result r = run(Map.of("REQUESTS_CA_BUNDLE", dir.resolve("pebble/cert.pem").toString()),
                cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + "\n" + server.log());
        assertCertificateAndCleanZone(base.resolve("config/live/" + key + "/cert.pem"), r.out());
        assertTrue(server.log().contains("by key " + key + "."), server.log());
    }

    @Test
    void ddclientWithProtocolNsupdateSetsTheHomeAddress() throws Exception {
        Path base = Files.createDirectories(dir.resolve("ddclient"));
        Path ip = base.resolve("ip.sh");
        Files.writeString(ip, "#!/bin/sh\necho 198.51.100.42\n");
        ip.toFile().setExecutable(true);
        Path conf = base.resolve("ddclient.conf");
        Files.writeString(conf, """
                usev4=cmdv4, cmdv4=%s
                protocol=nsupdate
                server=127.0.0.1:%d
                login=/usr/bin/nsupdate
                password=%s
                zone=home.test
                ttl=60
                home.home.test
                """.formatted(ip, server.port, keyFile("router")));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Result r = run(Map.of(), "ddclient", "-file", conf.toString(), "-cache", base.resolve("cache").toString(),
                "-daemon=0", "-force", "-verbose");
        assertEquals(List.of("198.51.100.42"), server.data("home." + HOME_ZONE, Type.A), r.out() + "\n" + server.log());
        assertTrue(r.out().contains("IP address set to 198.51.100.42"), r.out());
    }
}
