#!/usr/bin/env python3
"""Stand-in for ../shared/bench/gen-zone.py that signs what it generates (used by bench/signed-compare.sh).

Runs the shared generator with the same arguments, then signs DIR/<origin>.zone with ldns-signzone (ECDSA P-256,
one combined signing key; NSEC, or NSEC3 with 0 extra iterations and no salt when SIGN=nsec3, RFC 9276) and
writes the signed zone back to DIR/<origin>.zone and, through `tomldns import`, to DIR/<origin>.toml. Every server
in compare.sh then serves the same signed records. Environment: SHARED_BENCH (the shared bench folder),
TOMLDNS_JAR (server/target/tomldns.jar), SIGN (nsec or nsec3).
"""
import argparse
import os
import subprocess
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--origin", default="bench.test")
p.add_argument("--out", required=True)
args, _ = p.parse_known_args()

shared = os.environ["SHARED_BENCH"]
subprocess.run([sys.executable, os.path.join(shared, "gen-zone.py")] + sys.argv[1:], check=True)

out = args.out
origin = args.origin.rstrip(".")
zone = os.path.join(out, origin + ".zone")
keydir = os.path.join(out, "keys")
os.makedirs(keydir, exist_ok=True)
key = subprocess.run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", origin], cwd=keydir, check=True,
                     capture_output=True, text=True).stdout.strip()
# Valid for a year from now: RRSIG times are 32-bit serial numbers (RFC 4034 §3.1.5), so a far date wraps.
expires = time.strftime("%Y%m%d%H%M%S", time.gmtime(time.time() + 365 * 86400))
cmd = ["ldns-signzone", "-e", expires, "-f", zone + ".signed"]
if os.environ.get("SIGN", "nsec") == "nsec3":
    cmd += ["-n", "-t", "0"]  # ldns-signzone: no salt unless -s
subprocess.run(cmd + [zone, os.path.join(keydir, key)], check=True)
os.replace(zone + ".signed", zone)
subprocess.run(["java", "-jar", os.environ["TOMLDNS_JAR"], "import", "--origin", origin + ".", "--force",
                "-o", os.path.join(out, origin + ".toml"), zone], check=True, stdout=subprocess.DEVNULL)
print("signed %s (%s) and imported it to TOML" % (zone, os.environ.get("SIGN", "nsec")), file=sys.stderr)
