package dev.tomldns.dnssec.sign;

import dev.tomldns.state.StateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.xbill.DNS.Name;

/**
 * The last SOA serial this server published for each signed zone, one small file per zone beside its keys
 * ({@code <zone>.serial}): after a restart the zone is signed anew, and its serial must rise above what
 * secondaries already hold, or they would keep their copy with the old signatures until those expire (RFC 1982).
 */
final class SignedSerials {
    private final ZoneKeyStore store;

    SignedSerials(ZoneKeyStore store) {
        this.store = store;
    }

    private Path file(Name zone) {
        Path keys = store.file(zone);
        String name = keys.getFileName().toString();
        return keys.resolveSibling(name.substring(0, name.length() - ".keys.toml".length()) + ".serial");
    }

    /** The last serial recorded, or null. */
    Long last(Name zone) throws SigningException {
        Path f = file(zone);
        try {
            return Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new SigningException(f + ": cannot read the last signed serial (" + StateDirectory.why(e) + ")");
        } catch (NumberFormatException e) {
            return null; // a damaged file: the zone's own serial is used
        }
    }

    void record(Name zone, long serial) throws SigningException {
        Path f = file(zone);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, serial + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SigningException(f + ": cannot record the signed serial (" + StateDirectory.why(e) + "); "
                    + "the zone is not served signed until it can");
        }
    }
}
