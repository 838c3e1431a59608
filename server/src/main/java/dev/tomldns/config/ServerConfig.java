package dev.tomldns.config;

import dev.tomldns.dnssec.sign.SigningPolicy;
import dev.tomldns.edns.CookieSettings;
import dev.tomldns.edns.Nsid;
import dev.tomldns.http.HttpSettings;
import dev.tomldns.rrl.RrlSettings;
import dev.tomldns.transport.TcpSettings;

import dev.tomldns.security.TsigKeyring;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The server configuration file ({@code --config FILE}), after validation. Command-line flags
 * override {@link #listen()} and {@link #zonesDir()}; see {@link #withOverrides}.
 *
 * @param listen addresses to serve on (empty: the command line or built-in default decides)
 * @param zonesDir the folder of TOML zones, or null when the file does not set it
 * @param dataDir where transferred secondary zones are persisted
 * @param keys the TSIG keys
 * @param defaults the policy of zones without their own {@code [[zone]]} entry
 * @param zones per-zone policies of primary zones
 * @param secondaries zones copied from primaries
 * @param updateGrants per primary zone, who may change what by dynamic update (RFC 2136); a zone without an
 *                     entry takes no updates
 * @param warnings what the file allows but should not (a weak TSIG algorithm), as {@code file:line: message}
 * @param tcp the DNS-over-TCP limits (the {@code [tcp]} table)
 * @param http the HTTP endpoint's limits (the {@code [http]} table)
 * @param stateDir the server's state directory ({@code state-dir}; managed serials), or null when not set
 * @param rrl response rate limiting (the {@code [rrl]} table), or null when off (no such table)
 * @param signing per primary zone, how it is signed online ({@code dnssec} in its {@code [[zone]]} entry); a zone
 *                without an entry is served as its file has it
 * @param nsid the name server identifier sent to queries that ask (RFC 5001), or null: none
 * @param cookies DNS cookies (the {@code [cookies]} table)
 */
public record ServerConfig(
        List<InetSocketAddress> listen,
        Path zonesDir,
        Path dataDir,
        TsigKeyring keys,
        ZonePolicy defaults,
        Map<Name, ZonePolicy> zones,
        List<SecondaryConfig> secondaries,
        Map<Name, List<UpdateGrant>> updateGrants,
        List<String> warnings,
        TcpSettings tcp,
        HttpSettings http,
        Path stateDir,
        RrlSettings rrl,
        Map<Name, SigningPolicy> signing,
        Nsid nsid,
        CookieSettings cookies) {

    public ServerConfig {
        signing = Map.copyOf(signing);
        listen = List.copyOf(listen);
        updateGrants = Map.copyOf(updateGrants);
        warnings = List.copyOf(warnings);
        zones = Map.copyOf(zones);
        secondaries = List.copyOf(secondaries);
    }

    /** Without online signing. */
    public ServerConfig(List<InetSocketAddress> listen, Path zonesDir, Path dataDir, TsigKeyring keys,
            ZonePolicy defaults, Map<Name, ZonePolicy> zones, List<SecondaryConfig> secondaries,
            Map<Name, List<UpdateGrant>> updateGrants, List<String> warnings, TcpSettings tcp, HttpSettings http,
            Path stateDir, RrlSettings rrl) {
        this(listen, zonesDir, dataDir, keys, defaults, zones, secondaries, updateGrants, warnings, tcp, http,
                stateDir, rrl, Map.of(), null, CookieSettings.DEFAULTS);
    }

    /** A configuration with nothing configured: no keys, no transfers, no secondaries. */
    public static ServerConfig empty() {
        return new ServerConfig(List.of(), null, Path.of("secondary"), TsigKeyring.EMPTY, ZonePolicy.DEFAULT,
                Map.of(), List.of(), Map.of(), List.of(), TcpSettings.DEFAULTS, HttpSettings.DEFAULTS, null,
                null, Map.of(), null, CookieSettings.DEFAULTS);
    }

    /** The dynamic-update grants of {@code zone}; empty: no updates. */
    public List<UpdateGrant> grantsFor(Name zone) {
        return updateGrants.getOrDefault(zone, List.of());
    }

    /** The transfer policy of {@code zone}: its own entry, its secondary entry, or the defaults. */
    public ZonePolicy policyFor(Name zone) {
        ZonePolicy own = zones.get(zone);
        if (own != null) {
            return own;
        }
        return secondary(zone).map(SecondaryConfig::policy).orElse(defaults);
    }

    public Optional<SecondaryConfig> secondary(Name zone) {
        return secondaries.stream().filter(s -> s.zone().equals(zone)).findFirst();
    }

    /** Command-line flags win over the file: non-empty {@code listen} and non-null {@code zonesDir} replace. */
    public ServerConfig withOverrides(List<InetSocketAddress> cliListen, Path cliZonesDir) {
        return new ServerConfig(
                cliListen == null || cliListen.isEmpty() ? listen : cliListen,
                cliZonesDir == null ? zonesDir : cliZonesDir,
                dataDir, keys, defaults, zones, secondaries, updateGrants, warnings, tcp, http, stateDir,
                rrl, signing, nsid, cookies);
    }
}
