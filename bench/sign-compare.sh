#!/usr/bin/env bash
# sign-compare.sh - online signing of one generated zone by tomldns and by Knot, side by side, in one run.
#
#   bash bench/sign-compare.sh [--records N] [--denial nsec|nsec3] [--algorithm ecdsa|ed25519] [--rounds R]
#                              [--out DIR] [--servers tomldns,knot] [--no-baseline] [--no-verify] ...
#                                                                                   (--help lists all)
#
# The zone (bench/sign/gen-zone.py, default 100,000 records of the usual types, delegations with and without DS)
# is written as TOML for tomldns and as an RFC 1035 file for Knot, with the same records. For each server in
# turn, each with fresh keys and state, pinned to one CPU (--server-cpu, default 1; this script, its poller and
# every tool it runs stay on --poll-cpu, default 0):
#   1. unsigned load (--no-baseline skips it): the same zone and configuration without signing; seconds from
#      process start until the SOA is answered, CPU seconds (utime+stime of the process, /proc/PID/stat) and peak
#      resident set (VmHWM, /proc/PID/status) by then: what loading costs without signing.
#   2. signing from scratch: tomldns `serve` with `dnssec = true` (or the table --denial/--algorithm ask for),
#      Knot with `dnssec-signing: on` and a policy of the same algorithm, one combined signing key
#      (single-type-signing, as tomldns's default CSK) and NSEC or NSEC3 (0 extra iterations, no salt, no
#      opt-out: RFC 9276); seconds from process start until the SOA is answered with its RRSIG (neither server
#      serves the zone unsigned meanwhile) and the CPU seconds by then; then, once the process has been idle for
#      a second (tomldns lints the zone and trims its heap after a load, Knot writes its journal), the CPU
#      seconds, the peak RSS and the RSS.
#   3. re-signing after one edit: `edit-me A 192.0.2.200` becomes .201 in the server's file (written aside and
#      renamed over it, as editors do), then `tomldns reload` / `knotc -b zone-reload` (Knot with
#      `zonefile-load: difference-no-serial`, which applies and signs only the difference, and needs
#      `journal-content: all`); seconds from the rename until the new address is answered with an RRSIG, the CPU
#      seconds the server used until then and until it is idle again, and its peak RSS from the edit until idle
#      (VmHWM reset by /proc/PID/clear_refs).
#   4. checks, after the measures: an NXDOMAIN answer carries NSEC/NSEC3 and RRSIGs; an AXFR of the edited zone
#      is counted (records, RRSIGs, NSEC/NSEC3) and, unless --no-verify, given to `ldns-verify-zone`, which
#      checks every signature and the denial chain. A failed check fails the run.
# The answers are polled over UDP with DO=1 every 10 ms (bench/sign/await.py), so times are within ~10 ms.
#
# Output: one table (tomldns | Knot | ratio; medians with --rounds) on stdout and in DIR/table.txt, every figure
# of every round in DIR/results.tsv, and the servers' logs in DIR/logs; DIR is --out, default
# bench/target/sign-compare-<UTC time>. Needs: a built tree (mvn -B -DskipTests package), python3, dig, knotd and
# knotc (Debian: knot), ldns-verify-zone (ldnsutils). Figures from a busy machine mean nothing; the ratios of one
# run on a quiet machine do.
set -euo pipefail
export LC_ALL=C
export PATH="$PATH:/usr/sbin:/sbin"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

ORIGIN=bench.test
RECORDS=100000
SEED=1
DENIAL=nsec
ALGORITHM=ecdsa
SERVERS=tomldns,knot
ROUNDS=1
OUT=""
BASELINE=1
VERIFY=1
SERVER_CPU=1
POLL_CPU=0
PORT_BASE=15600
PORT_MAX=15699
TIMEOUT=1200
KEEP=0

usage() {
  cat <<EOF
usage: bash bench/sign-compare.sh [options]
  --records N        records in the generated zone, SOA included (default $RECORDS)
  --seed S           generator seed (default $SEED)
  --denial D         nsec or nsec3 (0 extra iterations, no salt; default $DENIAL)
  --algorithm A      ecdsa (ECDSA P-256 SHA-256, algorithm 13) or ed25519 (algorithm 15; default $ALGORITHM)
  --servers LIST     tomldns,knot or one of them (default $SERVERS)
  --rounds R         repeat everything R times, servers alternating; the table shows medians (default $ROUNDS)
  --out DIR          results folder (default bench/target/sign-compare-<UTC time>)
  --no-baseline      skip the unsigned load
  --no-verify        skip ldns-verify-zone (the AXFR is still counted)
  --server-cpu N     CPU the servers are pinned to (default $SERVER_CPU)
  --poll-cpu N       CPU this script, the poller and the tools run on (default $POLL_CPU)
  --port-base P      first port tried, $PORT_BASE-$PORT_MAX (default $PORT_BASE)
  --timeout S        how long a server may take to serve the signed zone or the edit (default $TIMEOUT)
  --keep             keep the temporary folder (zones, configs, keys, AXFRs) and print its path
The tomldns under test is this tree's bin/tomldns (TOMLDNS_JAR and JAVA_OPTS are passed on to it).
EOF
}

die() { echo "sign-compare.sh: $*" >&2; exit 2; }
log() { echo "sign-compare.sh: $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --denial) DENIAL=$2; shift 2 ;;
    --algorithm) ALGORITHM=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-baseline) BASELINE=0; shift ;;
    --no-verify) VERIFY=0; shift ;;
    --server-cpu) SERVER_CPU=$2; shift 2 ;;
    --poll-cpu) POLL_CPU=$2; shift 2 ;;
    --port-base) PORT_BASE=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
case "$DENIAL" in nsec|nsec3) ;; *) die "--denial is nsec or nsec3, not $DENIAL" ;; esac
case "$ALGORITHM" in ecdsa|ed25519) ;; *) die "--algorithm is ecdsa or ed25519, not $ALGORITHM" ;; esac
[[ "$RECORDS" =~ ^[0-9]+$ ]] && [ "$RECORDS" -ge 100 ] || die "--records must be a number from 100 up"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a number from 1 up"
IFS=, read -r -a SERVER_LIST <<<"$SERVERS"
for s in "${SERVER_LIST[@]}"; do
  case "$s" in tomldns|knot) ;; *) die "--servers: tomldns and knot only, not $s" ;; esac
done

# ---------------------------------------------------------------- tools
have() { command -v "$1" >/dev/null 2>&1; }
have python3 || die "needs python3"
have dig || die "needs dig (Debian: bind9-dnsutils)"
[ -f "${TOMLDNS_JAR:-$root/server/target/tomldns.jar}" ] || die "build first: mvn -B -DskipTests package"
if [[ ",$SERVERS," == *,knot,* ]]; then
  have knotd && have knotc || die "needs knotd and knotc (Debian: knot), or --servers tomldns"
fi
[ "$VERIFY" = 0 ] || have ldns-verify-zone || die "needs ldns-verify-zone (Debian: ldnsutils), or --no-verify"
HZ=$(getconf CLK_TCK)
NCPU=$(nproc 2>/dev/null || echo 1)
if [ "$NCPU" -lt 2 ] || [ "$SERVER_CPU" -ge "$NCPU" ] || [ "$POLL_CPU" -ge "$NCPU" ]; then
  log "WARNING: $NCPU CPU(s) visible; cannot pin the server to $SERVER_CPU and the rest to $POLL_CPU; all share"
  SRV_PIN=(); PINNED="not pinned ($NCPU CPUs)"
else
  SRV_PIN=(taskset -c "$SERVER_CPU")
  taskset -c -p "$POLL_CPU" $$ >/dev/null   # this shell and everything it starts but the servers
  PINNED="servers on CPU $SERVER_CPU, poller and tools on CPU $POLL_CPU"
fi

# ---------------------------------------------------------------- folders, cleanup
[ -n "$OUT" ] || OUT="$root/bench/target/sign-compare-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT/logs"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/signbench.XXXXXX")"
SRV_PID=""
stop_server() { # TERM the server's process group, KILL what is left after 10 s
  [ -n "$SRV_PID" ] || return 0
  local i
  kill -TERM -- "-$SRV_PID" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 -- "-$SRV_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$SRV_PID" 2>/dev/null || true
  wait "$SRV_PID" 2>/dev/null || true
  SRV_PID=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- zone
log "generating $RECORDS records (seed $SEED)"
ZONE_LINE=$(python3 "$here/sign/gen-zone.py" --records "$RECORDS" --seed "$SEED" --origin "$ORIGIN" --out "$WORK/zone")
log "$ZONE_LINE"

# ---------------------------------------------------------------- helpers
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
cpu_ticks() { # utime + stime of the whole process (every thread), proc(5)
  awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat"
}
cpu_secs() { awk -v t="$1" -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }'; }
status_mib() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
reset_peak() { echo 5 >"/proc/$1/clear_refs"; }  # proc(5): VmHWM starts anew from the current RSS
settle() { # wait until the server has used under 2 ticks of CPU in a second (at most 60 s)
  local i a b
  for i in $(seq 1 60); do
    a=$(cpu_ticks "$1"); sleep 1; b=$(cpu_ticks "$1")
    [ $((b - a)) -ge 2 ] || return 0
  done
  log "WARNING: $2 was still busy after 60 s; measuring anyway"
}
port_free() {
  python3 - "$1" <<'EOF'
import socket, sys
for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
EOF
}
NEXT_PORT=$PORT_BASE
pick_port() {
  local p=$NEXT_PORT tries=0
  while [ "$tries" -le $((PORT_MAX - PORT_BASE)) ]; do
    [ "$p" -le "$PORT_MAX" ] || p=$PORT_BASE
    if port_free "$p"; then NEXT_PORT=$((p + 1)); PORT=$p; return 0; fi
    p=$((p + 1)); tries=$((tries + 1))
  done
  die "no free port in $PORT_BASE-$PORT_MAX"
}
repin() { # Knot pins its own workers: put every thread back on the server's CPU
  [ "${#SRV_PIN[@]}" -gt 0 ] || return 0
  taskset -a -p -c "$SERVER_CPU" "$SRV_PID" >/dev/null 2>&1 || true
}
await() { # since_ns name type [--expect ADDR] -> prints seconds since since_ns once answered with an RRSIG
  local since=$1 name=$2 type=$3; shift 3
  python3 "$here/sign/await.py" --port "$PORT" --name "$name" --type "$type" --rrsig --since "$since" \
    --timeout "$TIMEOUT" --pid "$SRV_PID" "$@"
}

# configure server mode dir: writes the server's configuration and files into dir (mode: signed or unsigned)
configure() {
  local s=$1 mode=$2 dir=$3
  mkdir -p "$dir"
  case "$s" in
    tomldns)
      cp -r "$WORK/zone/zones" "$dir/zones"
      local policy="" algo=""
      [ "$ALGORITHM" = ed25519 ] && algo='algorithm = "ed25519"'
      if [ "$mode" = signed ]; then
        if [ "$DENIAL" = nsec ] && [ -z "$algo" ]; then
          policy='dnssec = true'
        else
          policy="dnssec = { ${algo:+$algo, }denial = \"$DENIAL\" }"
        fi
      fi
      cat >"$dir/tomldns.toml" <<EOF
zones = "$dir/zones"
state-dir = "$dir/state"

[[zone]]
name = "$ORIGIN."
allow-transfer = ["127.0.0.1"]
$policy
EOF
      ZONE_FILE="$dir/zones/$ORIGIN.toml"
      START=("$root/bin/tomldns" serve --config "$dir/tomldns.toml" --listen "127.0.0.1:$PORT")
      ;;
    knot)
      cp "$WORK/zone/$ORIGIN.zone" "$dir/"
      mkdir -p "$dir/db" "$dir/storage"
      local nsec3=off algo=ecdsap256sha256 signing=off
      [ "$DENIAL" = nsec3 ] && nsec3=on
      [ "$ALGORITHM" = ed25519 ] && algo=ed25519
      [ "$mode" = signed ] && signing=on
      cat >"$dir/knot.conf" <<EOF
server:
    rundir: "$dir"
    pidfile: "$dir/knot.pid"
    listen: 127.0.0.1@$PORT
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$dir/db"
control:
    listen: "$dir/knot.sock"
acl:
  - id: local
    address: 127.0.0.1
    action: transfer
policy:
  - id: bench
    algorithm: $algo
    single-type-signing: on
    nsec3: $nsec3
    nsec3-iterations: 0
    nsec3-salt-length: 0
    nsec3-opt-out: off
template:
  - id: default
    storage: "$dir/storage"
    zonefile-sync: -1
    zonefile-load: difference-no-serial
    journal-content: all
    journal-max-usage: 2G
    semantic-checks: off
    dnssec-signing: $signing
    dnssec-policy: bench
    acl: local
zone:
  - domain: $ORIGIN.
    file: "$dir/$ORIGIN.zone"
EOF
      ZONE_FILE="$dir/$ORIGIN.zone"
      START=(knotd -c "$dir/knot.conf")
      ;;
  esac
}

launch() { # dir: the server in a new session (its own process group), pinned; sets SRV_PID
  local dir=$1
  setsid "${SRV_PIN[@]}" "${START[@]}" >"$dir/server.log" 2>&1 </dev/null &
  SRV_PID=$!
  # setsid forks when it is a process group leader already; then $! would not be the server, whose /proc is read.
  local g="" i
  for i in $(seq 1 40); do # until setsid has made the new session
    g=$(awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[3] }' "/proc/$SRV_PID/stat" 2>/dev/null || true)
    [ "$g" != "$SRV_PID" ] || break
    sleep 0.025
  done
  [ "$g" = "$SRV_PID" ] || die "the server (pid $SRV_PID) is not the leader of its own process group (got '$g')"
}

reload_cmd() { # server dir
  case "$1" in
    tomldns) "$root/bin/tomldns" reload --state-dir "$2/state" ;;
    knot) knotc -s "$2/knot.sock" -b zone-reload "$ORIGIN." ;;
  esac
}

# results: VAL["server|measure"] holds the space-separated values of the rounds
declare -A VAL
put() { VAL["$1|$2"]="${VAL["$1|$2"]:-}${VAL["$1|$2"]:+ }$3"; printf '%s\t%s\t%s\t%s\n' "$ROUND" "$1" "$2" "$3" >>"$OUT/results.tsv"; }
printf 'round\tserver\tmeasure\tvalue\n' >"$OUT/results.tsv"

unsigned_load() { # server
  local s=$1 dir="$WORK/r$ROUND-$1-unsigned" t0 t
  pick_port
  configure "$s" unsigned "$dir"
  t0=$(now_ns)
  launch "$dir"
  [ "$s" = knot ] && { sleep 0.05; repin; }
  t=$(python3 "$here/sign/await.py" --port "$PORT" --name "$ORIGIN." --type SOA --since "$t0" \
        --timeout "$TIMEOUT" --pid "$SRV_PID") || { cp "$dir/server.log" "$OUT/logs/"; die "$s did not load the unsigned zone; see $OUT/logs"; }
  put "$s" unsigned_s "$t"
  put "$s" unsigned_cpu "$(cpu_secs "$(cpu_ticks "$SRV_PID")")"
  put "$s" unsigned_peak "$(status_mib "$SRV_PID" VmHWM)"
  stop_server
  cp "$dir/server.log" "$OUT/logs/r$ROUND-$s-unsigned.log"
  log "round $ROUND, $s unsigned: served after $t s"
}

signed_run() { # server: sign from scratch, edit, re-sign, check
  local s=$1 dir="$WORK/r$ROUND-$1-signed" t0 t c0 c1 ans axfr
  pick_port
  configure "$s" signed "$dir"
  t0=$(now_ns)
  launch "$dir"
  [ "$s" = knot ] && { sleep 0.05; repin; }
  t=$(await "$t0" "$ORIGIN." SOA) || { cp "$dir/server.log" "$OUT/logs/r$ROUND-$s-signed.log"; die "$s did not serve the signed zone; see $OUT/logs"; }
  put "$s" sign_s "$t"
  put "$s" sign_cpu "$(cpu_secs "$(cpu_ticks "$SRV_PID")")"
  log "round $ROUND, $s: signed zone served after $t s"
  [ "$s" = knot ] && repin
  # What the server does after the swap (tomldns: lint and heap trim; Knot: the journal) is part of the cost.
  settle "$SRV_PID" "$s"
  put "$s" sign_cpu_idle "$(cpu_secs "$(cpu_ticks "$SRV_PID")")"
  put "$s" sign_peak "$(status_mib "$SRV_PID" VmHWM)"
  put "$s" settled_rss "$(status_mib "$SRV_PID" VmRSS)"

  # One edit, written aside (a hidden name, which tomldns's watcher ignores) and renamed over the file.
  grep -q '192\.0\.2\.200' "$ZONE_FILE" || die "no edit-me record in $ZONE_FILE"
  sed 's/192\.0\.2\.200/192.0.2.201/' "$ZONE_FILE" >"$(dirname "$ZONE_FILE")/.edit"
  reset_peak "$SRV_PID"
  c0=$(cpu_ticks "$SRV_PID")
  t0=$(now_ns)
  mv "$(dirname "$ZONE_FILE")/.edit" "$ZONE_FILE"
  reload_cmd "$s" "$dir" >"$dir/reload.log" 2>&1 &
  local reload_pid=$!
  t=$(await "$t0" "edit-me.$ORIGIN." A --expect 192.0.2.201) || { cp "$dir/server.log" "$OUT/logs/r$ROUND-$s-signed.log"; die "$s did not serve the edit; see $OUT/logs"; }
  c1=$(cpu_ticks "$SRV_PID")
  wait "$reload_pid" || { cat "$dir/reload.log" >&2; die "$s: the reload command failed"; }
  put "$s" resign_s "$t"
  put "$s" resign_cpu "$(cpu_secs $((c1 - c0)))"
  log "round $ROUND, $s: edit served signed after $t s"
  if [ "$s" = tomldns ]; then # its log line per signing: "... signed (NSEC): N signature(s) made, K kept; ..."
    put "$s" sigs_first "$(grep -o '[0-9]* signature(s) made' "$dir/server.log" | head -1 | cut -d' ' -f1)"
    put "$s" sigs_edit "$(grep -o '[0-9]* signature(s) made' "$dir/server.log" | tail -1 | cut -d' ' -f1)"
  fi
  settle "$SRV_PID" "$s"
  put "$s" resign_cpu_idle "$(cpu_secs $(($(cpu_ticks "$SRV_PID") - c0)))"
  put "$s" resign_peak "$(status_mib "$SRV_PID" VmHWM)"

  # Checks, after the measures.
  ans=$(dig +dnssec +norec +time=5 @127.0.0.1 -p "$PORT" "no-such-name-$ROUND.$ORIGIN." A)
  # dig separates the fields of a long owner name with spaces, of a short one with tabs.
  grep -q 'status: NXDOMAIN' <<<"$ans" && awk '$4 == "RRSIG" && $5 ~ /^NSEC3?$/ { ok = 1 } END { exit !ok }' <<<"$ans" \
    || { echo "$ans" >&2; die "$s: NXDOMAIN answer without a signed NSEC/NSEC3"; }
  axfr="$dir/axfr.zone"
  dig +onesoa +nocmd +nostats +nocomments +time=30 @127.0.0.1 -p "$PORT" "$ORIGIN." AXFR | grep -v '^;' | grep -v '^$' >"$axfr" \
    || die "$s: AXFR failed"
  awk '$4 == "A" && $5 == "192.0.2.201" { ok = 1 } END { exit !ok }' "$axfr" || die "$s: the AXFR lacks the edit"
  put "$s" axfr_records "$(wc -l <"$axfr")"
  put "$s" axfr_rrsig "$(awk '$4 == "RRSIG"' "$axfr" | wc -l)"
  put "$s" axfr_denial "$(awk '$4 == "NSEC" || $4 == "NSEC3"' "$axfr" | wc -l)"
  stop_server
  cp "$dir/server.log" "$OUT/logs/r$ROUND-$s-signed.log"
  cp "$dir/reload.log" "$OUT/logs/r$ROUND-$s-reload.log"
  if [ "$VERIFY" = 1 ]; then
    if ldns-verify-zone "$axfr" >"$OUT/logs/r$ROUND-$s-verify.log" 2>&1; then
      put "$s" verified ok
    else
      put "$s" verified FAILED
      cat "$OUT/logs/r$ROUND-$s-verify.log" >&2
      die "$s: ldns-verify-zone failed on the AXFR of the signed zone (in $OUT/logs)"
    fi
  fi
  log "round $ROUND, $s: checked ($(tail -1 "$OUT/logs/r$ROUND-$s-verify.log" 2>/dev/null || echo "not verified"))"
}

# ---------------------------------------------------------------- run
for ROUND in $(seq 1 "$ROUNDS"); do
  order=("${SERVER_LIST[@]}")
  if [ $((ROUND % 2)) = 0 ]; then # alternate who goes first
    order=(); for ((i = ${#SERVER_LIST[@]} - 1; i >= 0; i--)); do order+=("${SERVER_LIST[$i]}"); done
  fi
  for s in "${order[@]}"; do
    [ "$BASELINE" = 0 ] || unsigned_load "$s"
    signed_run "$s"
  done
done

# ---------------------------------------------------------------- table
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cell() { local v="${VAL["$1|$2"]:-}"; [ -n "$v" ] || { echo "-"; return; }; case "$v" in *[!0-9.\ ]*) echo "${v%% *}" ;; *) median <<<"$v" ;; esac; }
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- 2>/dev/null || commit="$commit (with uncommitted changes)"
java_version=$({ "${JAVA:-java}" -version 2>&1 || true; } | sed -n 1p)
knot_version=$({ knotd -V 2>&1 || true; } | sed -n 1p)
denial_text=NSEC; [ "$DENIAL" = nsec3 ] && denial_text="NSEC3 (0 extra iterations, no salt)"
algo_text="ECDSA P-256 SHA-256 (13)"; [ "$ALGORITHM" = ed25519 ] && algo_text="Ed25519 (15)"
{
  echo "sign-compare: $(date -u +%Y-%m-%dT%H:%M:%SZ), tomldns $commit"
  echo "machine: $NCPU CPUs ($cpu_model), $mem, Linux $(uname -r), $java_version, $knot_version; $PINNED"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "zone: $ZONE_LINE" | sed "s| $WORK/[^ ]*||g"
  echo "signing: $algo_text, one combined key (CSK), $denial_text; $ROUNDS round(s)$([ "$ROUNDS" -gt 1 ] && echo ", medians")"
  echo
  printf '%-58s %12s %12s %13s\n' measure tomldns Knot tomldns/Knot
  row() { # label key [smallest denominator with a ratio: CPU times come in clock ticks, 1/$HZ s]
    local a b r="" min=${3:-0}
    a=$(cell tomldns "$2"); b=$(cell knot "$2")
    if [[ "$a" =~ ^[0-9.]+$ && "$b" =~ ^[0-9.]+$ ]] && awk -v b="$b" -v m="$min" 'BEGIN { exit !(b > 0 && b >= m) }'; then
      r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
    fi
    printf '%-58s %12s %12s %13s\n' "$1" "$a" "$b" "$r"
  }
  if [ "$BASELINE" = 1 ]; then
    row "unsigned load: s from start to first answer" unsigned_s
    row "unsigned load: CPU s" unsigned_cpu 0.1
    row "unsigned load: peak RSS MiB" unsigned_peak
  fi
  row "sign from scratch: s from start to signed SOA answered" sign_s
  row "sign from scratch: CPU s until served" sign_cpu 0.1
  row "sign from scratch: CPU s until idle" sign_cpu_idle 0.1
  row "sign from scratch: peak RSS MiB until idle" sign_peak
  row "signed and idle: RSS MiB" settled_rss
  row "one edit: s from rename to new RRSIG'd A answered" resign_s
  row "one edit: CPU s until served" resign_cpu 0.1
  row "one edit: CPU s until idle" resign_cpu_idle 0.1
  row "one edit: peak RSS MiB, from the edit until idle" resign_peak
  row "signatures made: from scratch (tomldns's log)" sigs_first
  row "signatures made: after the edit (tomldns's log)" sigs_edit
  row "AXFR after the edit: records" axfr_records
  row "AXFR after the edit: RRSIG" axfr_rrsig
  row "AXFR after the edit: NSEC/NSEC3" axfr_denial
  [ "$VERIFY" = 0 ] || row "ldns-verify-zone on that AXFR" verified
  echo
  echo "CPU: utime+stime of the server's process in clock ticks (1/$HZ s); no ratio under 0.1 s of Knot's."
  echo "Idle: the first second in which the server used under 2 ticks (so \"until idle\" includes up to 2 idle ticks)."
  echo "Times from process start include the JVM's start for tomldns (see the unsigned load)."
} | tee "$OUT/table.txt"
log "results in $OUT (table.txt, results.tsv, logs/)"
