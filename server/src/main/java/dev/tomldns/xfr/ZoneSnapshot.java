package dev.tomldns.xfr;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One immutable version of a zone's content as zone transfers see it: the SOA and every other record.
 * A transfer takes one snapshot reference and streams it, so it stays consistent even when a reload
 * swaps in a newer version meanwhile (RFC 5936 §6: the AXFR response is one version of the zone).
 *
 * @param origin the zone apex
 * @param soa the apex SOA
 * @param records every record except the apex SOA, in a stable order
 */
public record ZoneSnapshot(Name origin, SOARecord soa, List<Record> records) {
  public ZoneSnapshot {
    records = List.copyOf(records);
    if (!soa.getName().equals(origin)) {
      throw new IllegalArgumentException("SOA owner " + soa.getName() + " is not the origin " + origin);
    }
  }

  public long serial() {
    return soa.getSerial();
  }

  /**
   * Builds a snapshot from a zone's records (any order, one SOA at the apex; a repeated SOA, as
   * at the end of an AXFR, is dropped). Throws IllegalArgumentException when the set is not a zone.
   */
  public static ZoneSnapshot of(Name origin, List<Record> all) {
    SOARecord soa = null;
    List<Record> rest = new ArrayList<>(all.size());
    for (Record r : all) {
      if (!r.getName().subdomain(origin)) {
        throw new IllegalArgumentException("record out of zone " + origin + ": " + r);
      }
      if (r.getType() == Type.SOA) {
        if (!r.getName().equals(origin)) {
          throw new IllegalArgumentException("SOA below the apex: " + r);
        }
        soa = soa == null ? (SOARecord) r : soa;
        continue;
      }
      rest.add(r);
    }
    if (soa == null) {
      throw new IllegalArgumentException("zone " + origin + " has no SOA");
    }
    return new ZoneSnapshot(origin, soa, rest);
  }

  /** The whole zone, SOA first, as an AXFR lists it between its two SOAs. */
  public List<Record> withSoa() {
    List<Record> all = new ArrayList<>(records.size() + 1);
    all.add(soa);
    all.addAll(records);
    return all;
  }
}
