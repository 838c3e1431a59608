#!/usr/bin/env bash
# signed-compare.sh - ../shared/bench/compare.sh on a signed zone, queries sent with DO=1.
#
#   bash bench/signed-compare.sh [--sign nsec|nsec3] [compare.sh options...]
#
# compare.sh generates an unsigned zone; this runs a copy of it whose zone generator also signs the zone
# (bench/signed/gen-zone.py: ldns-signzone, ECDSA P-256) and imports the signed zone to TOML, so NSD, Knot, BIND
# and tomldns serve the same signed records, and passes dnsperf -D (DO=1, what validating resolvers send).
# OURS defaults to the tomldns jar built by `mvn -B -DskipTests package`. Read compare.sh's header for the rest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="${SHARED_BENCH:-$root/../shared/bench}"
sign=nsec
if [ "${1:-}" = "--sign" ]; then sign=$2; shift 2; fi
case "$sign" in nsec|nsec3) ;; *) echo "signed-compare.sh: --sign is nsec or nsec3, not $sign" >&2; exit 2 ;; esac
command -v ldns-signzone >/dev/null || { echo "signed-compare.sh: needs ldns-signzone (apt-get install ldnsutils)" >&2; exit 2; }
jar="$root/server/target/tomldns.jar"
[ -f "$jar" ] || { echo "signed-compare.sh: build first: mvn -B -DskipTests package" >&2; exit 2; }
copy="$(mktemp -d "${TMPDIR:-/tmp}/signedbench.XXXXXX")"
trap 'rm -rf "$copy"' EXIT
cp "$shared"/compare.sh "$shared"/*.py "$copy/"
cp "$here/signed/gen-zone.py" "$copy/gen-zone.py"
export SHARED_BENCH="$shared" TOMLDNS_JAR="$jar" SIGN="$sign"
ours_default="java -jar $jar serve --zones {zones} --listen 127.0.0.1:{port}"
export OURS="${OURS:-$ours_default}"
bash "$copy/compare.sh" --dnsperf-args "-D" "$@"
