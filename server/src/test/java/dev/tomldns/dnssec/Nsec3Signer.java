package dev.tomldns.dnssec;

import dev.tomldns.zone.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Signs a zone with NSEC3 by a real signer, with fresh ECDSA P-256 keys (a KSK and a ZSK) made in a temp folder:
 * {@code ldns-signzone -n} (ldns-utils) or {@code dnssec-signzone -3} (BIND 9). A missing tool fails the test.
 */
final class Nsec3Signer {
    /** How to sign: the tool and its NSEC3 options. */
    enum Style {
        /** ldns-signzone -n -t 0: RFC 9276's parameters (no extra iterations, no salt). */
        LDNS_NO_ITERATIONS,
        /** ldns-signzone -n -p -t 5 -s beef: salt, iterations, the Opt-Out flag on every NSEC3 (no name left out). */
        LDNS_OPT_OUT_SALTED,
        /** dnssec-signzone -3 - -A -H 0: Opt-Out, insecure delegations (and the ENTs above only them) left out. */
        BIND_OPT_OUT
    }

    private Nsec3Signer() {
    }

    /** The signed zone file's text. */
    static String sign(Path dir, Name origin, String zoneText, Style style) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String o = origin.toString();
        Path unsigned = dir.resolve("unsigned.zone");
        Path signed = dir.resolve("signed.zone");
        if (style == Style.BIND_OPT_OUT) {
            String ksk = run(dir, "dnssec-keygen", "-K", dir.toString(), "-a", "ECDSAP256SHA256", "-f", "KSK", o);
            String zsk = run(dir, "dnssec-keygen", "-K", dir.toString(), "-a", "ECDSAP256SHA256", o);
            Files.writeString(unsigned, zoneText + "\n$INCLUDE " + ksk + ".key\n$INCLUDE " + zsk + ".key\n",
                    StandardCharsets.UTF_8);
            run(dir, "dnssec-signzone", "-3", "-", "-A", "-H", "0", "-K", dir.toString(), "-o", o, "-f",
                    signed.toString(), unsigned.toString(), ksk, zsk);
        } else {
            Files.writeString(unsigned, zoneText, StandardCharsets.UTF_8);
            String ksk = run(dir, "ldns-keygen", "-a", "ECDSAP256SHA256", "-k", o);
            String zsk = run(dir, "ldns-keygen", "-a", "ECDSAP256SHA256", o);
            List<String> cmd = new ArrayList<>(List.of("ldns-signzone", "-n"));
            cmd.addAll(style == Style.LDNS_NO_ITERATIONS ? List.of("-t", "0")
                    : List.of("-p", "-t", "5", "-s", "beef"));
            cmd.addAll(List.of("-o", o, "-f", signed.toString(), unsigned.toString(), ksk, zsk));
            run(dir, cmd.toArray(new String[0]));
        }
        return Files.readString(signed, StandardCharsets.UTF_8);
    }

    /** A zone file's records as a {@link Zone}, as a loaded or transferred zone holds them. */
    static Zone zone(Name origin, String text) throws IOException {
        List<Record> records = records(origin, text);
        SOARecord soa = null;
        List<Record> others = new ArrayList<>();
        for (Record r : records) {
            if (r instanceof SOARecord s) {
                soa = s;
            } else {
                others.add(r);
            }
        }
        if (soa == null) {
            throw new IllegalArgumentException("no SOA in the signed zone");
        }
        return Zone.build(soa, others);
    }

    static List<Record> records(Name origin, String text) throws IOException {
        List<Record> out = new ArrayList<>();
        try (Master m = new Master(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                origin)) {
            for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Runs a tool in {@code dir}, bounded to 30 s; its last line of output (a key's base name for the keygens). */
    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
        }
        String[] lines = text.split("\n");
        return lines[lines.length - 1].trim();
    }
}
