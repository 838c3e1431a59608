package dev.tomldns.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** TOML zones (the zone-format.md contract) for the interop tests. */
final class TomlZones {
    private TomlZones() {}

    /** A long TXT (over 255 octets, so it is cut into several character-strings). */
    static final String DKIM = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(8);

    /**
     * Writes {@code zones/<origin>toml} with NS, A, CAA (structured, critical flag, iodef), TXT
     * (structured, long, array, with a backslash and quote) and {@code filler} A records.
     */
    static Path write(Path zonesDir, String origin, long serial, String txt, int filler) throws IOException {
        Files.createDirectories(zonesDir);
        StringBuilder z = new StringBuilder();
        z.append("origin = \"").append(origin).append("\"\nttl = 300\n")
                .append("records = [\n")
                .append("  { name = \"@\", type = \"NS\", data = \"ns1\" },\n")
                .append("  { name = \"ns1\", type = \"A\", data = \"127.0.0.1\" },\n")
                .append("  { name = \"@\", type = \"CAA\", tag = \"issue\", value = \"letsencrypt.org\" },\n")
                .append("  { name = \"@\", type = \"CAA\", flags = 128, tag = \"iodef\", value = \"mailto:security@")
                .append(origin, 0, origin.length() - 1).append("\" },\n")
                .append("  { name = \"@\", type = \"TXT\", text = \"").append(txt).append("\" },\n")
                .append("  { name = \"_dmarc\", type = \"TXT\", text = \"v=DMARC1; p=none; note=\\\\ \\\"quoted\\\"\" },\n")
                .append("  { name = \"sel._domainkey\", type = \"TXT\", text = \"").append(DKIM).append("\" },\n")
                .append("  { name = \"multi\", type = \"TXT\", text = [\"first\", \"\", \"third\"] },\n");
        for (int i = 0; i < filler; i++) {
            z.append("  { name = \"h").append(i).append("\", type = \"A\", data = \"10.0.").append(i / 256).append('.')
                    .append(i % 256).append("\" },\n");
        }
        // Keys after [soa] belong to it (TOML), so the records array comes first.
        z.append("]\n\n[soa]\nmname = \"ns1.").append(origin)
                .append("\"\nrname = \"hostmaster@").append(origin, 0, origin.length() - 1).append("\"\n")
                .append("serial = ").append(serial).append("\nrefresh = 3600\nretry = 600\nexpire = 86400\nminimum = 300\n");
        Path file = zonesDir.resolve(origin + "toml");
        Files.writeString(file, z.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
