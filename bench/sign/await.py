#!/usr/bin/env python3
"""Waits until a server answers a name and type with a signature (used by bench/sign-compare.sh).

    python3 bench/sign/await.py --port P --name edit-me.bench.test. --type A [--expect 192.0.2.201]
                                [--rrsig] [--since EPOCH_NS] [--timeout S] [--server 127.0.0.1]

Asks over UDP with EDNS0 and DO=1 every 10 ms (a new query when no answer came within 10 ms) until the answer
section holds an RRset of that type at that name (with --expect: an A or AAAA record with that address) and, with
--rrsig, an RRSIG covering that type (RFC 4034 §3.1.1: Type Covered). Then prints the seconds since --since
(nanoseconds since the epoch, as `date +%s%N` gives them; default: this program's start) and exits 0; exits 1 on
timeout or when the server's process is gone (--pid). A poll costs the server one query per 10 ms: nothing
beside signing a zone.

Written by hand on the socket module, not with dig in a loop: a dig process takes 10-20 ms to start, which would
be the resolution of the measure; this one is within ~10 ms.
"""
import argparse
import ipaddress
import os
import random
import select
import socket
import struct
import sys
import time

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "DS": 43, "RRSIG": 46,
         "NSEC": 47, "DNSKEY": 48, "NSEC3": 50, "CAA": 257}

p = argparse.ArgumentParser()
p.add_argument("--server", default="127.0.0.1")
p.add_argument("--port", type=int, required=True)
p.add_argument("--name", required=True)
p.add_argument("--type", default="SOA", choices=sorted(TYPES))
p.add_argument("--expect", help="an address the A or AAAA RRset must hold")
p.add_argument("--rrsig", action="store_true", help="also require an RRSIG covering the type")
p.add_argument("--since", type=int, help="epoch nanoseconds to count from (default: now)")
p.add_argument("--timeout", type=float, default=600)
p.add_argument("--pid", type=int, help="give up when this process has exited")
args = p.parse_args()
since = args.since if args.since is not None else time.time_ns()
qtype = TYPES[args.type]
expect = ipaddress.ip_address(args.expect).packed if args.expect else None


def wire_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def skip_name(msg, at):
    """RFC 1035 §4.1.4: labels end at a zero octet or at a two-octet pointer."""
    while True:
        n = msg[at]
        if n == 0:
            return at + 1
        if n & 0xC0 == 0xC0:
            return at + 2
        at += 1 + n


def read_name(msg, at):
    labels, hops = [], 0
    while True:
        n = msg[at]
        if n == 0:
            return ".".join(labels).lower() + "."
        if n & 0xC0 == 0xC0:
            at = ((n & 0x3F) << 8) | msg[at + 1]
            hops += 1
            if hops > 64:
                raise ValueError("pointer loop")
            continue
        labels.append(msg[at + 1:at + 1 + n].decode("ascii", "replace"))
        at += 1 + n


qname = args.name.rstrip(".").lower() + "."


def satisfied(msg, qid):
    if len(msg) < 12:
        return False
    rid, flags, qd, an = struct.unpack(">HHHH", msg[:8])
    if rid != qid or flags & 0x000F != 0:  # not ours, or RCODE other than NOERROR
        return False
    at = 12
    for _ in range(qd):
        at = skip_name(msg, at) + 4
    data = signed = False
    for _ in range(an):
        owner = read_name(msg, at)
        at = skip_name(msg, at)
        rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", msg[at:at + 10])
        rdata = msg[at + 10:at + 10 + rdlen]
        at += 10 + rdlen
        if owner != qname:
            continue
        if rtype == qtype and (expect is None or rdata == expect):
            data = True
        if rtype == 46 and rdlen >= 2 and struct.unpack(">H", rdata[:2])[0] == qtype:
            signed = True
    return data and (signed or not args.rrsig)


def query(qid):
    header = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 1)  # RD=0: an authoritative server's question
    question = wire_name(args.name) + struct.pack(">HH", qtype, 1)
    opt = b"\x00" + struct.pack(">HHIH", 41, 4096, 0x8000, 0)  # RFC 6891 OPT, RFC 3225 DO bit
    return header + question + opt


family = socket.AF_INET6 if ":" in args.server else socket.AF_INET
sock = socket.socket(family, socket.SOCK_DGRAM)
sock.connect((args.server, args.port))
deadline = time.monotonic() + args.timeout
while time.monotonic() < deadline:
    if args.pid and not os.path.exists("/proc/%d" % args.pid):
        print("await: process %d has exited" % args.pid, file=sys.stderr)
        sys.exit(1)
    qid = random.getrandbits(16)
    sent = time.monotonic()
    try:
        sock.send(query(qid))
    except OSError:
        pass  # not listening yet (ICMP port unreachable from the last send)
    while True:
        left = 0.010 - (time.monotonic() - sent)
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            break
        try:
            msg = sock.recv(65535)
        except OSError:
            break  # connection refused: nothing listens on the port yet
        try:
            if satisfied(msg, qid):
                print("%.3f" % ((time.time_ns() - since) / 1e9))
                sys.exit(0)
        except (IndexError, struct.error, ValueError):
            pass  # a truncated or odd answer: ask again
    time.sleep(max(0.0, 0.010 - (time.monotonic() - sent)))
print("await: no matching answer to %s %s from %s:%d within %.0f s" % (args.name, args.type, args.server, args.port,
                                                          args.timeout), file=sys.stderr)
sys.exit(1)
