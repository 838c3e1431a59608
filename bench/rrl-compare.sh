#!/usr/bin/env bash
# rrl-compare.sh - UDP CPU per query with response rate limiting on: NSD, Knot and tomldns side by side, in one run.
#
#   bash bench/rrl-compare.sh [--rate 50000] [--rounds 3] [--sources 16] [--limit 5000] [compare.sh options...]
#
# The common case with RRL on: many clients, none over the limit, so every server answers every query and the
# figure is what RRL's bookkeeping costs. It runs the shared compare.sh (SHARED_BENCH, default ../shared/bench)
# from a temporary copy in which
#   - NSD gets rrl-ratelimit: LIMIT (rrl-slip 2) instead of compare.sh's 0,
#   - Knot gets mod-rrl (rate-limit LIMIT, slip 2) as a global module,
#   - tomldns runs twice: "rrl" with [rrl] responses-per-second = LIMIT (every kind the same), slip 2, and
#     "norrl" without [rrl], from bin/tomldns of this checkout,
#   - dnsperf is bench/rrl/dnsperf: SOURCES real dnsperf processes, each bound to its own 127.0.N.1 (its own
#     /24: RRL's client prefix) at RATE/SOURCES q/s, their summaries summed.
# With LIMIT 5000 and 16 sources no bucket (name and type, or zone for NXDOMAIN, per /24) comes near its limit,
# which the "lost%" column confirms (0). Read srv% and q/s/core as compare.sh's header explains.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
[ -f "$SHARED/compare.sh" ] || { echo "rrl-compare.sh: no compare.sh in $SHARED (set SHARED_BENCH)" >&2; exit 2; }
RATE=50000 ROUNDS=3 SOURCES=16 LIMIT=5000 REST=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --sources) SOURCES=$2; shift 2 ;;
    --limit) LIMIT=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) REST+=("$1"); shift ;;
  esac
done
[ -x "$ROOT/bin/tomldns" ] || { echo "rrl-compare.sh: build first (mvn -B -DskipTests package)" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rrlcompare.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cp -r "$SHARED" "$WORK/bench"
C="$WORK/bench/compare.sh"
# NSD: limit instead of off.
sed -i "s/^  rrl-ratelimit: 0$/  rrl-ratelimit: $LIMIT\n  rrl-slip: 2/" "$C"
# Knot: mod-rrl as a global module of the default template.
python3 - "$C" "$LIMIT" <<'PY'
import sys
p, limit = sys.argv[1], sys.argv[2]
s = open(p).read()
old = "template:\n  - id: default\n"
assert s.count(old) == 1, "compare.sh's Knot template changed: update rrl-compare.sh"
s = s.replace(old, "mod-rrl:\n  - id: limit\n    rate-limit: %s\n    slip: 2\n" % limit + old
              + "    global-module: mod-rrl/limit\n")
open(p, "w").write(s)
PY
grep -q "rrl-ratelimit: $LIMIT" "$C" && grep -q "global-module: mod-rrl/limit" "$C" \
  || { echo "rrl-compare.sh: could not set RRL in compare.sh's NSD/Knot configuration" >&2; exit 2; }
cat >"$WORK/rrl.toml" <<TOML
[rrl]
responses-per-second = $LIMIT
slip = 2
TOML
export REAL_DNSPERF="$(command -v dnsperf)" RRL_SOURCES="$SOURCES"
export PATH="$HERE/rrl:$PATH"
export OURS="$ROOT/bin/tomldns serve --zones {zones} --listen 127.0.0.1:{port} --config $WORK/rrl.toml" OURS_NAME=tomldns-rrl
export OURS2="$ROOT/bin/tomldns serve --zones {zones} --listen 127.0.0.1:{port}" OURS2_NAME=tomldns-norrl
echo "rrl-compare: $(date -u +%FT%TZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs; RRL limit $LIMIT/s, slip 2, $SOURCES sources"
bash "$C" --rate "$RATE" --rounds "$ROUNDS" --only nsd,knot,tomldns-rrl,tomldns-norrl "${REST[@]}"
