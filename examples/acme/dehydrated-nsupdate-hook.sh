#!/usr/bin/env bash
# dehydrated hook for DNS-01: puts each challenge in a TXT record by RFC 2136 update (nsupdate) and takes it out
# again afterwards. The key may change only TXT at _acme-challenge names (see README, Dynamic update).
#
#   DNS_SERVER    the tomldns server (default 127.0.0.1)
#   DNS_PORT      its port (default 53)
#   DNS_KEY_FILE  the TSIG key in BIND format, as `tsig-keygen -a hmac-sha256 acme` prints it
#                 (default /etc/dehydrated/acme.key)
set -euo pipefail
DNS_SERVER="${DNS_SERVER:-127.0.0.1}"
DNS_PORT="${DNS_PORT:-53}"
DNS_KEY_FILE="${DNS_KEY_FILE:-/etc/dehydrated/acme.key}"

# $1: add or delete; $2: the domain (dehydrated passes a wildcard's base name); $3: the TXT value
challenge() {
  local record="_acme-challenge.$2. 120 TXT \"$3\""
  [ "$1" = delete ] && record="_acme-challenge.$2. TXT \"$3\""
  printf 'server %s %s\nupdate %s %s\nsend\n' "$DNS_SERVER" "$DNS_PORT" "$1" "$record" | nsupdate -k "$DNS_KEY_FILE"
}

case "${1:-}" in
  deploy_challenge) challenge add "$2" "$4" ;;
  clean_challenge) challenge delete "$2" "$4" ;;
  *) ;; # dehydrated calls other hooks too; they need nothing here
esac
