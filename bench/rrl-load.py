#!/usr/bin/env python3
"""RRL load test (loopback only, bounded in time): a random-name flood from one source, then from many.

    python3 bench/rrl-load.py [--rate 20000] [--seconds 20] [--sources 10000] [--prefixes 100] [--port 15480]

Starts `bin/tomldns serve` (--ours CMD to change it) on a generated zone with a wildcard and an `[rrl]` table
(responses-per-second --rrl-rate, slip 2), then runs two phases, each --seconds long:
  1. one flood source (127.0.1.1) sends --rate q/s of random names under the zone, half NXDOMAIN and half under
     the wildcard, while a second source (127.0.2.1) asks normal names at 10 q/s;
  2. the same flood from --sources addresses in 127.0.0.0/8 (spread over --prefixes /24s; Linux routes all of
     127/8 to lo), the second source as before.
Prints per source group: sent, answered, slipped (TC=1), dropped (no reply), the answers RRL should let through
(one second's worth per bucket: a flood above the rate keeps its bucket in debt for `window`), and the server's VmRSS sampled before, during and
after. Python 3 stdlib only; needs `ulimit -n` above --sources.
"""
import argparse
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

ZONE = """origin = "rrl.test."
ttl = 3600

[soa]
mname = "ns1.rrl.test."
rname = "hostmaster.rrl.test."
serial = 1
minimum = 300

[[records]]
name = "@"
type = "NS"
data = "ns1"

[[records]]
name = "ns1"
type = "A"
data = "127.0.0.1"

[[records]]
name = "*.wild"
type = "A"
data = "192.0.2.80"
"""
NORMAL = ["www", "mail", "ns1"]


def query(qid, name):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack(">HH", 1, 1)


def rss_kib(pgid):
    """The largest VmRSS in the server's process group (the JVM, not its launcher script)."""
    best = -1
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            if os.getpgid(int(d)) != pgid:
                continue
            with open("/proc/%s/status" % d) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        best = max(best, int(line.split()[1]))
        except OSError:
            continue
    return best


class Group:
    def __init__(self, name, socks):
        self.name, self.socks = name, socks
        self.sent = self.answered = self.slipped = 0


def run_phase(args, server, flood, normal, rss):
    """Sends the flood and the normal queries for --seconds, counting replies per group; samples RSS."""
    poll = select.epoll()
    owner = {}
    for g in (flood, normal):
        for s in g.socks:
            poll.register(s.fileno(), select.EPOLLIN)
            owner[s.fileno()] = (g, s)
    dest = ("127.0.0.1", args.port)
    start = time.monotonic()
    end = start + args.seconds
    next_rss = start
    next_normal = start
    sent_flood = 0
    i = 0
    while True:
        now = time.monotonic()
        if now >= end + 2:  # 2 s to drain the last replies
            break
        if now < end:
            due = int((now - start) * args.rate) - sent_flood
            for _ in range(min(due, 2000)):
                s = flood.socks[i % len(flood.socks)]
                i += 1
                under = "wild." if random.getrandbits(1) else "nx%d." % (i % 7)
                name = "r%x.%srrl.test" % (random.getrandbits(48), under)
                try:
                    s.sendto(query(i & 0xffff, name), dest)
                    flood.sent += 1
                except (BlockingIOError, OSError):
                    pass
                sent_flood += 1
            if now >= next_normal:
                normal.socks[0].sendto(query(i & 0xffff, NORMAL[normal.sent % 3] + ".rrl.test"), dest)
                normal.sent += 1
                next_normal += 0.1
        if now >= next_rss:
            rss.append((round(now - start, 1), rss_kib(server.pid)))
            next_rss += max(1.0, args.seconds / 10)
        for fd, _ in poll.poll(0.001):
            g, s = owner[fd]
            while True:
                try:
                    data = s.recv(4096)
                except BlockingIOError:
                    break
                if len(data) >= 4 and data[2] & 0x02:
                    g.slipped += 1
                else:
                    g.answered += 1
    poll.close()


def sockets(addresses):
    out = []
    for a in addresses:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((a, 0))
        s.setblocking(False)
        out.append(s)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rate", type=int, default=20000)
    p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--sources", type=int, default=10000)
    p.add_argument("--prefixes", type=int, default=100)
    p.add_argument("--rrl-rate", type=int, default=20)
    p.add_argument("--port", type=int, default=15480)
    p.add_argument("--ours", default="bin/tomldns serve --zones {zones} --listen 127.0.0.1:{port} --config {config}")
    args = p.parse_args()
    d = tempfile.mkdtemp(prefix="tomldns-rrl-")
    os.makedirs(d + "/zones")
    with open(d + "/zones/rrl.test.toml", "w") as f:
        f.write(ZONE + "".join('\n[[records]]\nname = "%s"\ntype = "A"\ndata = "192.0.2.%d"\n' % (n, k + 1)
                               for k, n in enumerate(["www", "mail"])))
    with open(d + "/server.toml", "w") as f:
        f.write("[rrl]\nresponses-per-second = %d\nslip = 2\n" % args.rrl_rate)
    cmd = args.ours.format(zones=d + "/zones", port=args.port, config=d + "/server.toml")
    server = subprocess.Popen(cmd, shell=True, start_new_session=True, stdout=open(d + "/server.log", "w"),
                              stderr=subprocess.STDOUT)
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.settimeout(0.5)
        for _ in range(120):
            try:
                probe.sendto(query(1, "www.rrl.test"), ("127.0.0.1", args.port))
                probe.recv(512)
                break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("server did not answer; see " + d + "/server.log")
        time.sleep(2)
        rows = []
        for phase in ("one source", "%d sources" % args.sources):
            if phase == "one source":
                flood = Group("flood 127.0.1.1", sockets(["127.0.1.1"]))
                prefixes = 1
            else:
                addrs = ["127.%d.%d.%d" % (10 + (k % args.prefixes) // 250, (k % args.prefixes) % 250,
                                           1 + k // args.prefixes) for k in range(args.sources)]
                prefixes = len({a.rsplit(".", 1)[0] for a in addrs})
                flood = Group("flood %d addrs / %d /24s" % (len(addrs), prefixes), sockets(addrs))
            normal = Group("normal 127.0.2.1", sockets(["127.0.2.1"]))
            rss = []
            run_phase(args, server, flood, normal, rss)
            # Two buckets per prefix (the zone's NXDOMAIN and the wildcard's), each one second's worth at first; a
            # flood above the rate keeps its bucket in debt (window 15 s), so no more full answers while it lasts.
            expect = 2 * prefixes * args.rrl_rate
            for g in (flood, normal):
                rows.append((phase, g.name, g.sent, g.answered, g.slipped, g.sent - g.answered - g.slipped,
                             expect if g is flood else g.sent))
                for s in g.socks:
                    s.close()
            rows.append((phase, "RSS KiB (t s: KiB)", " ".join("%s:%d" % r for r in rss), "", "", "", ""))
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        print("# %s  commit %s  %s, %d CPUs  rate %d q/s, %d s a phase, rrl %d/s slip 2" % (
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), commit, os.uname().nodename, os.cpu_count(),
            args.rate, args.seconds, args.rrl_rate))
        print("phase\tsource\tsent\tanswered\tslipped(TC)\tdropped\texpected answered")
        for r in rows:
            print("\t".join(str(x) for x in r))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    main()
