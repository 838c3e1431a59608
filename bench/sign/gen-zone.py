#!/usr/bin/env python3
"""Generates the zone bench/sign-compare.sh signs: N records, written twice with the same content.

    python3 bench/sign/gen-zone.py --records 100000 --out DIR [--origin bench.test] [--seed 1]

DIR/zones/<origin>.toml is the zone for tomldns (`[[records]]` tables, as `tomldns import` writes them; no SOA
serial, as a zone tomldns signs should have: the signer manages it) and DIR/<origin>.zone the same records as an
RFC 1035 file for Knot (with a serial, which Knot's `zonefile-load: difference-no-serial` ignores).

The zone looks like a real one rather than N copies of one record: an apex with NS, A, AAAA, MX, SPF TXT, CAA,
DMARC and a two-string DKIM key, a wildcard, then hosts with an A, 40% an AAAA, 10% a TXT (a third of them a
200-character token), 5% an MX, 5% one or two CAA; 8% of the names are CNAMEs and 1% are delegations (two NS each, a
third with in-zone name servers and their glue), half of the delegations with a DS (a signed child) and half
without (insecure). Deterministic for a given (records, seed). The record counted last is the SOA.

One name is kept for the edit the benchmark makes: `edit-me A 192.0.2.200`; that address occurs once in each file,
so `sed s/192.0.2.200/192.0.2.201/` changes exactly that record.

Prints one line: the record count, the RRsets, the delegations with and without DS, and the paths.
"""
import argparse
import base64
import os
import random

EDIT_NAME = "edit-me"
EDIT_FROM = "192.0.2.200"
SERIAL = 2026010101

p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("--records", type=int, default=100000, help="records in the zone, SOA included (default 100000)")
p.add_argument("--origin", default="bench.test")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--out", required=True)
args = p.parse_args()
if args.records < 100:
    p.error("--records must be at least 100")

origin = args.origin.rstrip(".") + "."
rnd = random.Random(args.seed * 1000003 + args.records)
recs = []  # (name, type, kind, value): kind "data" (presentation RDATA), "text" (list of strings), "caa" (tag, value)


def data(name, rtype, rdata):
    recs.append((name, rtype, "data", rdata))


def text(name, *strings):
    recs.append((name, "TXT", "text", list(strings)))


def caa(name, tag, value):
    recs.append((name, "CAA", "caa", (tag, value)))


def b64(n):
    return base64.b64encode(rnd.randbytes(n)).decode()


# The apex and the names every zone has.
data("@", "NS", "ns1")
data("@", "NS", "ns2")
data("@", "A", "192.0.2.10")
data("@", "AAAA", "2001:db8::10")
data("@", "MX", "10 mail")
data("@", "MX", "20 mail2")
text("@", "v=spf1 mx a ip4:198.18.0.0/15 ip6:2001:db8::/32 -all")
caa("@", "issue", "letsencrypt.org")
caa("@", "issuewild", ";")
caa("@", "iodef", "mailto:security@" + origin.rstrip("."))
for n, a4, a6 in (("ns1", "192.0.2.1", "2001:db8::1"), ("ns2", "192.0.2.2", "2001:db8::2"),
                  ("mail", "192.0.2.25", "2001:db8::25")):
    data(n, "A", a4)
    data(n, "AAAA", a6)
data("mail2", "A", "192.0.2.26")
text("_dmarc", "v=DMARC1; p=reject; rua=mailto:dmarc@" + origin.rstrip(".") + "; adkim=s; aspf=s")
# A real RSA-2048 public key (SubjectPublicKeyInfo), so tomldns's DKIM lint has nothing to say about it.
dkim = ("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1D1EiWasY6HfRpAZx5wLUU8wL8yqxx0yhHlbdhonpTCsIVd0"
        "OKsAdpkRc0vUYXKDxmfFYJ9X/oUrgaVibk5D4ej8962PeluypLv4JCIFSON6Hy9yePHoCR1QL4gifXluhPAGfpzkIKEy4dtm5qQcHTJxOUSbA"
        "Ue8mIfdna42cYQMnBPAf7elaH8RGZr2jflb7N/FOdNZu9iqJvaTLgq0+6HEJKS7vkRLofDnJNYq5HhKBql6MR53+P0yCay+HRCB6110gekej/"
        "HJbZnq69DSJDPF3tfjhX8Va601K9agT8xtiQuzdQv1NSUXRiSWscNSIp1BJ9lvfqnTtT6jL6esxwIDAQAB")
text("sel1._domainkey", dkim[:255], dkim[255:])
data("*.wild", "A", "198.19.255.1")
data("*.wild", "AAAA", "2001:db8:ffff::1")
data("www", "CNAME", "@")
data(EDIT_NAME, "A", EDIT_FROM)

issuers = ["letsencrypt.org", "sectigo.com", "pki.goog", "digicert.com"]
target = args.records - 1  # the SOA is the last one
i = 0
secure = insecure = 0
while len(recs) < target:
    i += 1
    h = "h%d" % i
    x = rnd.random()
    if x < 0.08:
        data(h, "CNAME", "h%d" % rnd.randint(1, max(1, i - 1)) if i > 1 else "@")
        continue
    if x < 0.09:
        # A delegation: two NS; a third of them in the child itself, with glue (RFC 1034 §4.2.1).
        if rnd.random() < 1 / 3:
            data(h, "NS", "ns1." + h)
            data(h, "NS", "ns2." + h)
            data("ns1." + h, "A", "198.51.%d.%d" % ((i >> 8) & 0xff, i & 0xff))
            data("ns2." + h, "AAAA", "2001:db8:5::%x" % i)
        else:
            data(h, "NS", "ns1.dns-host-%d.example." % (i % 7))
            data(h, "NS", "ns2.dns-host-%d.example." % (i % 7))
        if rnd.random() < 0.5:
            data(h, "DS", "%d 13 2 %s" % (rnd.randint(1, 65535), rnd.randbytes(32).hex().upper()))
            secure += 1
        else:
            insecure += 1
        continue
    data(h, "A", "198.18.%d.%d" % ((i >> 8) & 0xff, i & 0xff))
    if rnd.random() < 0.40:
        data(h, "AAAA", "2001:db8:1::%x:%x" % (i & 0xffff, i >> 16))
    y = rnd.random()
    if y < 0.033:
        text(h, "verification-token=" + b64(160))
    elif y < 0.10:
        text(h, "v=host1", "owner=team-%d" % rnd.randrange(100), "site-verification=%08x" % rnd.getrandbits(32))
    if rnd.random() < 0.05:
        data(h, "MX", "10 mail")
    if rnd.random() < 0.05:
        caa(h, "issue", rnd.choice(issuers))
        if rnd.random() < 0.5:
            caa(h, "issue", "letsencrypt.org; validationmethods=dns-01")
del recs[target:]  # the last host may have added more than needed


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


name = origin.rstrip(".")
zones = os.path.join(args.out, "zones")
os.makedirs(zones, exist_ok=True)
toml_path = os.path.join(zones, name + ".toml")
zone_path = os.path.join(args.out, name + ".zone")
with open(toml_path, "w") as t, open(zone_path, "w") as z:
    t.write("# generated by bench/sign/gen-zone.py --records %d --seed %d\norigin = %s\nttl = 3600\n\n"
            "[soa]\nmname = %s\nrname = %s\nrefresh = 7200\nretry = 3600\nexpire = 1209600\nminimum = 300\n"
            % (args.records, args.seed, q(origin), q("ns1." + origin), q("hostmaster." + origin)))
    z.write("; generated by bench/sign/gen-zone.py --records %d --seed %d\n$ORIGIN %s\n$TTL 3600\n"
            "@ IN SOA ns1.%s hostmaster.%s ( %d 7200 3600 1209600 300 )\n"
            % (args.records, args.seed, origin, origin, origin, SERIAL))
    for owner, rtype, kind, value in recs:
        t.write("\n[[records]]\nname = %s\ntype = %s\n" % (q(owner), q(rtype)))
        if kind == "text":
            t.write("text = [%s]\n" % ", ".join(q(s) for s in value))
            rdata = " ".join(q(s) for s in value)
        elif kind == "caa":
            t.write("tag = %s\nvalue = %s\n" % (q(value[0]), q(value[1])))
            rdata = "0 %s %s" % (value[0], q(value[1]))
        else:
            t.write("data = %s\n" % q(value))
            rdata = value
        z.write("%s IN %s %s\n" % (owner, rtype, rdata))
rrsets = len({(o, r) for o, r, _, _ in recs}) + 1
print("%d records, %d RRsets, %d delegations with DS, %d without; %s %s"
      % (len(recs) + 1, rrsets, secure, insecure, toml_path, zone_path))
