package dev.tomldns.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files {@code serve} reads in an update test: {@code DIR/zones/ZONE.toml} (SOA with ns1 as MNAME, apex NS ns1,
 * then the test's records) and {@code DIR/tomldns.toml} with one TSIG key, {@code writer} (hmac-sha256), that may
 * change the given types anywhere in the zone.
 */
final class UpdateSetup {
    private UpdateSetup() {
    }

    /**
     * Writes both files and returns the zone file's text.
     *
     * @param serial the SOA serial, or null for a managed serial
     * @param records TOML after the apex NS ({@code [[records]]} tables), or empty
     * @param types the record types the key may change, as TOML strings ({@code "TXT", "A"})
     * @param zoneEntry further keys of the zone's {@code [[zone]]} entry, or empty
     */
    static String write(Path dir, String zone, Long serial, String records, String secret, String types,
            String zoneEntry) throws IOException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        String text = """
                [soa]
                mname = "ns1.%1$s"
                rname = "hostmaster.%1$s"
                %2$s
                [[records]]
                name = "@"
                type = "NS"
                data = "ns1"
                """.formatted(zone, serial == null ? "" : "serial = " + serial + "\n") + records;
        Files.writeString(zones.resolve(zone + "toml"), text);
        Files.writeString(dir.resolve("tomldns.toml"), """
                [[key]]
                name = "writer"
                algorithm = "hmac-sha256"
                secret = "%s"

                [[zone]]
                name = "%s"
                allow-update = [{ key = "writer", subtree = ["@"], types = [%s] }]
                """.formatted(secret, zone, types) + zoneEntry);
        return text;
    }
}
