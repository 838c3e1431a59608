#!/usr/bin/env python3
# Vendored from the project's shared bench harness (shared/bench/gen-zone.py) so tests need nothing outside the repo.
"""Generate a benchmark zone twice (RFC 1035 zone file and the project's TOML
format, see ../zone-format.md) plus a dnsperf query file.

    python3 gen-zone.py --origin bench.test --names 10000 --seed 1 --out DIR

writes DIR/<origin>.zone, DIR/<origin>.toml and DIR/queries.txt.  Everything
is deterministic for a given (origin, names, seed, queries).  Python 3 stdlib only.
"""
import argparse
import base64
import ipaddress
import os
import random
import sys

SERIAL = 2026010101
DEFAULT_TTL = 3600


def chunks(s, n=255):
    """Split an ASCII string into <=n-octet pieces, in order (what zone-format.md
    says a TOML `text` string becomes on the wire)."""
    return [s[i:i + n] for i in range(0, len(s), n)] or [""]


def zone_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_str(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class Rec:
    """One resource record.  Exactly one of data / text / caa is set.
    text: a str (one logical string, split at 255 octets) or a list of str
    (one character-string each).  caa: (flags, tag, value)."""

    __slots__ = ("name", "type", "ttl", "data", "text", "caa")

    def __init__(self, name, rtype, data=None, text=None, caa=None, ttl=None):
        self.name, self.type, self.ttl = name, rtype, ttl
        self.data, self.text, self.caa = data, text, caa

    def zone_line(self):
        if self.text is not None:
            parts = chunks(self.text) if isinstance(self.text, str) else list(self.text)
            for p in parts:
                if len(p.encode()) > 255:
                    raise ValueError("TXT string over 255 octets: %r" % p[:40])
            rdata = " ".join(zone_quote(p) for p in parts)
        elif self.caa is not None:
            flags, tag, value = self.caa
            rdata = "%d %s %s" % (flags, tag, zone_quote(value))
        else:
            rdata = self.data
        ttl = "" if self.ttl is None else str(self.ttl)
        return "%-24s %-6s IN %-6s %s" % (self.name, ttl, self.type, rdata)

    def toml_table(self):
        lines = ["[[records]]", "name = %s" % toml_str(self.name),
                 "type = %s" % toml_str(self.type)]
        if self.text is not None:
            if isinstance(self.text, str):
                lines.append("text = %s" % toml_str(self.text))
            else:
                lines.append("text = [%s]" % ", ".join(toml_str(p) for p in self.text))
        elif self.caa is not None:
            flags, tag, value = self.caa
            lines.append("flags = %d" % flags)
            lines.append("tag = %s" % toml_str(tag))
            lines.append("value = %s" % toml_str(value))
        else:
            lines.append("data = %s" % toml_str(self.data))
        if self.ttl is not None:
            lines.append("ttl = %d" % self.ttl)
        return "\n".join(lines)


def dkim_key(rng):
    """A 2048-bit-RSA-looking SubjectPublicKeyInfo (294 octets -> 392 base64 chars)."""
    head = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100")
    modulus = bytes([rng.randrange(128, 256)]) + bytes(rng.randrange(256) for _ in range(255))
    tail = bytes.fromhex("0203010001")
    return base64.b64encode(head + modulus + tail).decode()


def build(origin, names, seed):
    """Return (records, facts) where facts holds the name lists the query mix needs."""
    rng = random.Random("zone-%s-%d-%d" % (origin, names, seed))
    fq = origin.rstrip(".") + "."
    R = []
    R.append(Rec("@", "NS", data="ns1." + fq))
    R.append(Rec("@", "NS", data="ns2." + fq))
    R.append(Rec("@", "A", data="192.0.2.10"))
    R.append(Rec("@", "AAAA", data="2001:db8::10"))
    R.append(Rec("@", "MX", data="10 mail." + fq))
    R.append(Rec("@", "MX", data="20 mail2"))          # relative name in data
    R.append(Rec("@", "TXT", text="v=spf1 mx a ip4:198.18.0.0/15 ip6:2001:db8::/32 -all"))
    R.append(Rec("@", "CAA", caa=(0, "issue", "letsencrypt.org"), ttl=300))
    R.append(Rec("@", "CAA", caa=(0, "issuewild", ";"), ttl=300))
    R.append(Rec("@", "CAA", caa=(0, "iodef", "mailto:security@" + origin.rstrip(".")), ttl=300))
    # name servers with their (in-zone) glue addresses
    R.append(Rec("ns1", "A", data="192.0.2.1"))
    R.append(Rec("ns1", "AAAA", data="2001:db8::1"))
    R.append(Rec("ns2", "A", data="192.0.2.2"))
    R.append(Rec("ns2", "AAAA", data="2001:db8::2"))
    R.append(Rec("mail", "A", data="192.0.2.25"))
    R.append(Rec("mail", "AAAA", data="2001:db8::25"))
    R.append(Rec("mail2", "A", data="192.0.2.26"))
    R.append(Rec("_dmarc", "TXT", text="v=DMARC1; p=reject; rua=mailto:dmarc-rua@%s; "
                 "ruf=mailto:dmarc-ruf@%s; fo=1; adkim=s; aspf=s"
                 % (origin.rstrip("."), origin.rstrip("."))))
    dkim = "v=DKIM1; k=rsa; p=" + dkim_key(rng)
    R.append(Rec("sel1._domainkey", "TXT", text=dkim))   # ~410 chars -> 2 strings
    R.append(Rec("*.wild", "A", data="198.19.255.1"))
    R.append(Rec("*.wild", "AAAA", data="2001:db8:ffff::1"))
    R.append(Rec("*.wild", "TXT", text="wildcard answer"))
    R.append(Rec("www", "CNAME", data="@"))
    R.append(Rec("cdn", "CNAME", data="h1." + fq if names >= 1 else fq))

    base4 = int(ipaddress.IPv4Address("198.18.0.0"))
    base6 = int(ipaddress.IPv6Address("2001:db8:1::"))
    with_aaaa, with_txt, with_caa, plain_a = [], [], [], []
    issuers = ["letsencrypt.org", "sectigo.com", "pki.goog", "digicert.com"]
    for i in range(1, names + 1):
        h = "h%d" % i
        R.append(Rec(h, "A", data=str(ipaddress.IPv4Address(base4 + (i % 131072)))))
        has6 = rng.random() < 0.40
        if has6:
            R.append(Rec(h, "AAAA", data=str(ipaddress.IPv6Address(base6 + i))))
            with_aaaa.append(h)
        else:
            plain_a.append(h)
        x = rng.random()
        if x < 0.05:      # one long string (split by the server / zone parser)
            R.append(Rec(h, "TXT", text="host=%s; team=%d; " % (h, rng.randrange(100))
                         + "k=" + base64.b64encode(bytes(rng.randrange(256) for _ in range(240))).decode()))
            with_txt.append(h)
        elif x < 0.10:    # several explicit character-strings
            R.append(Rec(h, "TXT", text=["v=host1", "owner=team-%d" % rng.randrange(100),
                                         "site-verification=%08x" % rng.randrange(1 << 32)]))
            with_txt.append(h)
        if rng.random() < 0.05:
            R.append(Rec(h, "CAA", caa=(0, "issue", rng.choice(issuers))))
            if rng.random() < 0.5:
                R.append(Rec(h, "CAA", caa=(0, "issue",
                                            "letsencrypt.org; validationmethods=dns-01")))
            with_caa.append(h)
    facts = dict(with_aaaa=with_aaaa, with_txt=with_txt, with_caa=with_caa,
                 plain_a=plain_a, names=names)
    return R, facts


def write_zone(path, origin, R, argv):
    fq = origin.rstrip(".") + "."
    with open(path, "w") as f:
        f.write("; generated by gen-zone.py %s\n" % " ".join(argv))
        f.write("$ORIGIN %s\n$TTL %d\n" % (fq, DEFAULT_TTL))
        f.write("@ IN SOA ns1.%s hostmaster.%s ( %d 7200 3600 1209600 300 )\n"
                % (fq, fq, SERIAL))
        for r in R:
            f.write(r.zone_line() + "\n")


def write_toml(path, origin, R, argv):
    fq = origin.rstrip(".") + "."
    with open(path, "w") as f:
        f.write("# generated by gen-zone.py %s\n" % " ".join(argv))
        f.write("# same content as %s.zone\n" % origin.rstrip("."))
        f.write("origin = %s\nttl = %d\n\n" % (toml_str(fq), DEFAULT_TTL))
        f.write("[soa]\nmname = %s\nrname = %s\nserial = %d\nrefresh = 7200\n"
                "retry = 3600\nexpire = 1209600\nminimum = 300\n"
                % (toml_str("ns1." + fq), toml_str("hostmaster." + fq), SERIAL))
        for r in R:
            f.write("\n" + r.toml_table() + "\n")


def write_queries(path, origin, facts, seed, total):
    """Exact category counts, then a deterministic shuffle."""
    rng = random.Random("queries-%s-%d-%d" % (origin, facts["names"], seed))
    o = origin.rstrip(".")
    n = facts["names"]
    hosts = ["h%d" % i for i in range(1, n + 1)] or ["mail"]
    with_aaaa = facts["with_aaaa"] or ["mail"]
    with_txt = facts["with_txt"] or ["_dmarc"]
    with_caa = facts["with_caa"] or ["@"]
    no_aaaa = facts["plain_a"] or ["mail2"]
    txt_set = set(with_txt)
    no_txt = [h for h in hosts[:5000] if h not in txt_set] or ["mail"]

    def fqn(rel):
        return o if rel == "@" else "%s.%s" % (rel, o)

    def wild():
        return "%s.wild" % rng.choice(["a", "b", "www", "x%d" % rng.randrange(1000)])

    def q_a():
        if rng.random() < 0.9:
            return fqn(rng.choice(hosts)), "A"
        return fqn(rng.choice(["@", "www", "cdn", "mail", "ns1", "ns2", wild()])), "A"

    def q_aaaa():
        if rng.random() < 0.9:
            return fqn(rng.choice(with_aaaa)), "AAAA"
        return fqn(rng.choice(["@", "www", "mail", "ns1", wild()])), "AAAA"

    def q_txt():
        x = rng.random()
        if x < 0.30:
            return fqn("sel1._domainkey"), "TXT"
        if x < 0.50:
            return fqn("_dmarc"), "TXT"
        if x < 0.70:
            return fqn("@"), "TXT"
        if x < 0.75:
            return fqn(wild()), "TXT"
        return fqn(rng.choice(with_txt)), "TXT"

    def q_caa():
        return fqn("@" if rng.random() < 0.5 else rng.choice(with_caa)), "CAA"

    def q_nx():
        x = rng.random()
        if x < 0.35:
            rel = "h%d" % (n + 1 + rng.randrange(10 * max(n, 1000)))
        elif x < 0.55:
            rel = "nx-%06x" % rng.randrange(1 << 24)
        elif x < 0.70:
            rel = "sel%d._domainkey" % rng.randrange(2, 50)   # unknown DKIM selector
        elif x < 0.80:
            rel = rng.choice(["_mta-sts", "_smtp._tls", "autodiscover", "wpad", "ftp"])
        else:
            rel = "foo.%s" % rng.choice(hosts)               # below an existing leaf
        return fqn(rel), rng.choice(["A", "A", "A", "AAAA", "TXT", "MX"])

    def q_nodata():
        x = rng.random()
        if x < 0.35:
            return fqn(rng.choice(no_aaaa)), "AAAA"
        if x < 0.55:
            return fqn(rng.choice(hosts)), "MX"
        if x < 0.70:
            return fqn(rng.choice(no_txt)), "TXT"
        if x < 0.80:
            return fqn("_domainkey"), "TXT"                  # empty non-terminal
        if x < 0.90:
            return fqn("_dmarc"), "A"
        return fqn("@"), "SRV"

    mix = [(0.42, q_a), (0.18, q_aaaa), (0.15, q_txt), (0.10, q_caa),
           (0.10, q_nx), (0.05, q_nodata)]
    counts = [int(round(w * total)) for w, _ in mix]
    counts[0] += total - sum(counts)
    lines = []
    for (w, fn), c in zip(mix, counts):
        for _ in range(c):
            name, t = fn()
            lines.append("%s %s\n" % (name, t))
    rng.shuffle(lines)
    with open(path, "w") as f:
        f.writelines(lines)
    return dict(zip(["A", "AAAA", "TXT", "CAA", "NXDOMAIN", "NODATA"], counts))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--origin", default="bench.test")
    p.add_argument("--names", type=int, default=10000, help="number of hN hosts (default 10000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--queries", type=int, default=100000,
                   help="lines in queries.txt (default 100000)")
    p.add_argument("--out", required=True, help="output folder (created)")
    a = p.parse_args(argv)
    if a.names < 0 or a.queries < 1:
        p.error("--names must be >= 0 and --queries >= 1")
    origin = a.origin.rstrip(".")
    os.makedirs(a.out, exist_ok=True)
    R, facts = build(origin, a.names, a.seed)
    args = ["--origin", origin, "--names", str(a.names), "--seed", str(a.seed),
            "--queries", str(a.queries)]        # no --out: identical files wherever written
    write_zone(os.path.join(a.out, origin + ".zone"), origin, R, args)
    write_toml(os.path.join(a.out, origin + ".toml"), origin, R, args)
    counts = write_queries(os.path.join(a.out, "queries.txt"), origin, facts, a.seed, a.queries)
    sys.stderr.write("gen-zone: %s: %d records (%d hosts, %d AAAA, %d TXT, %d CAA hosts); "
                     "%d queries %s -> %s\n"
                     % (origin, len(R) + 1, a.names, len(facts["with_aaaa"]),
                        len(facts["with_txt"]), len(facts["with_caa"]), a.queries,
                        " ".join("%s=%d" % kv for kv in counts.items()), a.out))


if __name__ == "__main__":
    main()
