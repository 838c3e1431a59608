package dev.tomldns.dnssec;

import dev.tomldns.zone.Zone;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The RRSIG of a zone that expires first: when it passes, a validating resolver finds that RRset bogus and answers
 * SERVFAIL (RFC 4035 §5.3.1: the current time must lie between inception and expiration). A secondary whose primary
 * stopped re-signing keeps serving the last copy until then, so this is what an operator watches ({@code check},
 * {@code /ready}, {@code dns_zone_rrsig_expiry_seconds}).
 *
 * @param zone        the zone's origin
 * @param owner       the owner name of the RRset the signature covers
 * @param coveredType the type of the RRset it covers (RFC 4034 §3.1.1 Type Covered)
 * @param expiration  its Signature Expiration (RFC 4034 §3.1.5)
 */
public record SignatureExpiry(Name zone, Name owner, int coveredType, Instant expiration) {

    /** Signatures expiring within this time are reported as a warning: a day leaves time to fix the primary. */
    public static final Duration WARNING = Duration.ofDays(1);

    /** Where the earliest signature stands at a given time. */
    public enum State {
        /** Further away than {@link #WARNING}. */
        VALID,
        /** Within {@link #WARNING}: still valid, about to go bogus. */
        EXPIRING,
        /** Past its expiration: validating resolvers answer SERVFAIL for it. */
        EXPIRED
    }

    /**
     * The earliest-expiring RRSIG of the zone, or {@code null} for an unsigned zone. A signed zone has a DNSKEY RRset
     * at its apex (RFC 4035 §2.1), so a zone without one is not read through (a large unsigned zone costs nothing).
     */
    public static SignatureExpiry of(Zone zone) {
        if (zone == null || zone.rrset(zone.origin(), Type.DNSKEY) == null) {
            return null;
        }
        return earliest(zone.origin(), zone::forEachRecord);
    }

    /** The earliest-expiring RRSIG among {@code records}, or {@code null} when there is none. */
    public static SignatureExpiry earliest(Name zone, Consumer<Consumer<Record>> records) {
        RRSIGRecord[] first = new RRSIGRecord[1];
        records.accept(r -> {
            if (r instanceof RRSIGRecord sig && (first[0] == null || sig.getExpire().isBefore(first[0].getExpire()))) {
                first[0] = sig;
            }
        });
        RRSIGRecord sig = first[0];
        return sig == null ? null : new SignatureExpiry(zone, sig.getName(), sig.getTypeCovered(), sig.getExpire());
    }

    /** Seconds from {@code now} until the expiration; negative once it has passed. */
    public long secondsLeft(Instant now) {
        return now.until(expiration, ChronoUnit.SECONDS);
    }

    public State state(Instant now) {
        if (!expiration.isAfter(now)) {
            return State.EXPIRED;
        }
        return expiration.isAfter(now.plus(WARNING)) ? State.VALID : State.EXPIRING;
    }

    /** True when this is the signature this record is: same owner, covered type and expiration. */
    public boolean is(Record r) {
        return r instanceof RRSIGRecord sig && sig.getTypeCovered() == coveredType && sig.getName().equals(owner)
                && sig.getExpire().equals(expiration);
    }

    /**
     * One line for an operator, e.g. {@code zone home.test.: RRSIG of www.home.test. A expires 2026-12-04T10:00:00Z
     * (in 21h 30m)} or {@code ... expired 2026-12-02T10:00:00Z (1d 2h ago): validating resolvers answer SERVFAIL}.
     */
    public String describe(Instant now) {
        String what = "zone " + zone + ": RRSIG of " + owner + " " + Type.string(coveredType);
        long left = secondsLeft(now);
        if (left <= 0) {
            return what + " expired " + expiration + " (" + span(-left) + " ago): validating resolvers answer "
                    + "SERVFAIL for it until the primary re-signs";
        }
        return what + " expires " + expiration + " (in " + span(left) + ")";
    }

    /** "2d 3h", "5h 12m", "42s": two units are enough for a person. */
    static String span(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3_600;
        long m = seconds % 3_600 / 60;
        if (d > 0) {
            return d + "d " + h + "h";
        }
        if (h > 0) {
            return h + "h " + m + "m";
        }
        return m > 0 ? m + "m " + seconds % 60 + "s" : seconds + "s";
    }
}
