#!/usr/bin/env bash
# make-test-certs.sh: a test CA and node certificates for procshare's TLS (event bus and bridge).
#
#   scripts/make-test-certs.sh [--out DIR] [--ip IP,IP,...] [--days N] [NAME | NAME=IP,IP,... ...]
#
#   --out DIR   where the files go (default: certs); made if missing
#   --ip LIST   IP addresses every NAME without its own list is valid for (default: 127.0.0.1).
#               Nodes and clients connect by IP, so each address that peers or clients dial must
#               be in the certificate of the node that listens there
#   --days N    validity of new certificates (default: 365)
#   NAME        one certificate per name (default: node); NAME=IP,... gives that one its own IPs
#
# Writes DIR/ca.pem and DIR/ca.key (kept and reused when both exist, so that certificates for more
# nodes can be added later), and per NAME: DIR/NAME.pem (certificate, signed by the CA, valid for
# TLS server and client use, subject alternative names: the IPs and DNS:NAME) and DIR/NAME.key
# (PKCS#8 EC P-256 private key, mode 0600). Give a node --tls-ca DIR/ca.pem --tls-cert DIR/NAME.pem
# --tls-key DIR/NAME.key, and clients --tls-ca DIR/ca.pem.
#
# For tests and trials: in real use keep ca.key off the nodes (whoever has it can make certificates
# that every node accepts).
#
#   scripts/make-test-certs.sh --out /tmp/pc node                          # one cert for a loopback cluster
#   scripts/make-test-certs.sh --out certs node1=10.0.0.1 node2=10.0.0.2   # one per host
set -euo pipefail

die() {
  echo "make-test-certs: $*" >&2
  exit 2
}

usage() {
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
}

OUT=certs
IPS=127.0.0.1
DAYS=365
NAMES=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || die "--out needs a directory"; OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#--out=}"; shift ;;
    --ip) [[ $# -ge 2 ]] || die "--ip needs a comma-separated list of addresses"; IPS="$2"; shift 2 ;;
    --ip=*) IPS="${1#--ip=}"; shift ;;
    --days) [[ $# -ge 2 ]] || die "--days needs a number"; DAYS="$2"; shift 2 ;;
    --days=*) DAYS="${1#--days=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) NAMES+=("$1"); shift ;;
  esac
done
[[ ${#NAMES[@]} -gt 0 ]] || NAMES=(node)
[[ "$DAYS" =~ ^[1-9][0-9]{0,4}$ ]] || die "--days: '$DAYS' is not a number of days (1-99999)"
command -v openssl >/dev/null || die "openssl is needed and was not found on PATH (e.g. apt-get install openssl)"

# IP list -> "IP:a,IP:b" for subjectAltName, each one checked
san_ips() {
  local list="$1" who="$2" out="" ip
  [[ -n "$list" ]] || die "$who: empty IP list"
  IFS=',' read -r -a parts <<< "$list"
  for ip in "${parts[@]}"; do
    if [[ "$ip" =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]]; then
      local o
      for o in "${BASH_REMATCH[@]:1}"; do
        (( 10#$o <= 255 )) || die "$who: '$ip' is not an IPv4 address"
      done
    elif [[ ! "$ip" =~ ^[0-9A-Fa-f:]+$ || "$ip" != *:* ]]; then
      die "$who: '$ip' is not an IP address (certificates name nodes by IP; host names go in NAME)"
    fi
    out+="${out:+,}IP:$ip"
  done
  echo "$out"
}
san_ips "$IPS" "--ip" >/dev/null
# every name and address is checked before anything is written
for spec in "${NAMES[@]}"; do
  name="${spec%%=*}"
  [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "'$name' is not a usable name (letters, digits, . _ -)"
  [[ "$name" != ca ]] || die "'ca' is the CA's own file name; choose another NAME"
  if [[ "$spec" == *=* ]]; then san_ips "${spec#*=}" "$name" >/dev/null; fi
done

mkdir -p "$OUT" || die "cannot create $OUT"
[[ -w "$OUT" ]] || die "$OUT is not writable"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
umask 077

ssl() {  # runs openssl quietly; on failure shows what it said
  if ! openssl "$@" >"$TMP/log" 2>&1; then
    cat "$TMP/log" >&2
    die "openssl $1 failed (above)"
  fi
}

if [[ -f "$OUT/ca.pem" && -f "$OUT/ca.key" ]]; then
  echo "make-test-certs: reusing the CA in $OUT/ca.pem"
elif [[ -f "$OUT/ca.pem" || -f "$OUT/ca.key" ]]; then
  die "$OUT has only one of ca.pem and ca.key; remove it or choose another --out"
else
  ssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/ca.key"
  ssl req -x509 -new -key "$OUT/ca.key" -sha256 -days "$DAYS" -subj "/CN=procshare test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$OUT/ca.pem"
  chmod 644 "$OUT/ca.pem"
  echo "make-test-certs: made the CA $OUT/ca.pem (its key: $OUT/ca.key)"
fi

for spec in "${NAMES[@]}"; do
  name="${spec%%=*}"
  if [[ "$spec" == *=* ]]; then ips="${spec#*=}"; else ips="$IPS"; fi
  sans="$(san_ips "$ips" "$name")"
  cat > "$TMP/ext.cnf" <<EOF
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$sans,DNS:$name
EOF
  ssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/$name.key"
  ssl req -new -key "$OUT/$name.key" -subj "/CN=$name" -out "$TMP/$name.csr"
  ssl x509 -req -in "$TMP/$name.csr" -CA "$OUT/ca.pem" -CAkey "$OUT/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days "$DAYS" -sha256 -extfile "$TMP/ext.cnf" -out "$OUT/$name.pem"
  chmod 600 "$OUT/$name.key"
  chmod 644 "$OUT/$name.pem"
  echo "make-test-certs: made $OUT/$name.pem and $OUT/$name.key for ${sans//IP:/}, DNS:$name"
done
