#!/usr/bin/env bash
# netns-cluster.sh: a procshare cluster whose nodes are separate hosts on this machine.
#
# Each node K runs in its own network namespace ps-nK, whose only link (eth0, 10.77.0.K/24) is a
# veth pair whose other end, psvK, is a port of the Linux bridge psbr0 (10.77.0.254/24, in the root
# namespace, where clients such as `procshare submit` run). Node K is named nK, binds Hazelcast and
# the event bus to 10.77.0.K:5701 and its client bridge to 10.77.0.K:7000, and keeps its data dir and
# log under DIR/nK. Faults are injected from outside: `kill K` (kill -9 of the node's JVM) and
# `cut K` (the bridge port of node K is disabled: its packets vanish in both directions, nobody sees
# a RST or a link change), `restore K` undoes a cut.
#
#   scripts/netns-cluster.sh up 3 [--dir DIR] [--timeout S]
#   scripts/procshare submit --node 10.77.0.1:7000 --threads 2 montecarlo --samples 100000000
#   scripts/netns-cluster.sh kill 3 | cut 3 | restore 3 | start 3 | status | down
#
# Needs root and iproute2 (`ip` and `bridge`). Exit status: 0 done, 1 failed, 2 bad usage
# or missing privileges/tools.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROG="netns-cluster.sh"
BRIDGE=psbr0
SUBNET=10.77.0
BRIDGE_IP="$SUBNET.254"
NS_PREFIX=ps-n
VETH_PREFIX=psv          # host side of node K's veth: psvK; inner side: eth0 in ps-nK
CLUSTER_PORT=5701
BRIDGE_PORT=7000
MAX_NODES=9
STATE_DIR=/run/procshare-netns   # what is up: N and DIR (namespaces and links are the kernel's own state)
DEFAULT_DIR="$ROOT/.procshare/netns"
DEFAULT_TIMEOUT=120

usage() {
  cat <<EOF
usage: $PROG COMMAND [ARGS]
  up N [--dir DIR] [--timeout S]  create bridge $BRIDGE ($BRIDGE_IP/24) and N namespaces $NS_PREFIX{1..N}
                                  (10.77.0.K/24), start node nK in each (logs and data in DIR/nK,
                                  default $DEFAULT_DIR), wait until all N have joined (default $DEFAULT_TIMEOUT s)
  kill K                          kill -9 node K's JVM
  start K [--timeout S]           start node K again (after kill) and wait until it is up
  cut K                           silently cut node K's link (its bridge port drops every frame)
  restore K                       undo cut K
  heal [--timeout S]              restore every cut link, start every node that is not running, and
                                  wait until each node sees all N
  status                          per node: namespace, link, JVM; and the cluster each live node sees
  down                            kill every node, delete the namespaces, veths and bridge (idempotent;
                                  also cleans up after an earlier run that crashed)
Clients run in the root namespace: scripts/procshare submit --node $SUBNET.1:$BRIDGE_PORT ...
EOF
}

say() { echo "$PROG: $*"; }
die() { echo "$PROG: $*" >&2; exit 1; }
usage_error() { echo "$PROG: $*" >&2; echo >&2; usage >&2; exit 2; }
now_ms() { date +%s%3N; }
stamp() { date +%H:%M:%S.%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

preflight() {
  if [[ $EUID -ne 0 ]]; then
    echo "$PROG: must run as root: network namespaces, veths and a bridge need root with CAP_NET_ADMIN (try: sudo $0 $*)" >&2
    exit 2
  fi
  local cap; cap=$(awk '/^CapEff:/ { print $2 }' /proc/self/status 2>/dev/null)
  if [[ -n "$cap" ]] && (( (16#$cap & 16#1000) == 0 )); then
    echo "$PROG: runs as root but without CAP_NET_ADMIN (a restricted container?): cannot create network namespaces" >&2
    exit 2
  fi
  local tool
  for tool in ip bridge; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$PROG: the '$tool' command (iproute2) is missing; install iproute2" >&2
      exit 2
    fi
  done
}

check_k() {  # check_k K: a node number 1..MAX_NODES
  [[ "${1:-}" =~ ^[1-9]$ ]] || usage_error "node number must be 1..$MAX_NODES, was '${1:-}'"
}

ns() { echo "$NS_PREFIX$1"; }
veth() { echo "$VETH_PREFIX$1"; }
ip_of() { echo "$SUBNET.$1"; }

read_state() {  # sets N and DIR from the state file; fails when nothing is up
  if [[ ! -f "$STATE_DIR/state" ]]; then
    die "no cluster is up (no $STATE_DIR/state); run: $PROG up N"
  fi
  # shellcheck disable=SC1091
  source "$STATE_DIR/state"
  : "${N:?}" "${DIR:?}"
}

members_list() {  # members_list N: 10.77.0.1:5701,...,10.77.0.N:5701
  local k out=""
  for ((k = 1; k <= $1; k++)); do out+="${out:+,}$(ip_of "$k"):$CLUSTER_PORT"; done
  echo "$out"
}

# pids of node JVMs running in namespace ps-nK (only processes started in that namespace: ours)
node_pids() {
  local k=$1 pid
  ip netns list 2>/dev/null | grep -qw "$(ns "$k")" || return 0
  for pid in $(ip netns pids "$(ns "$k")" 2>/dev/null); do
    if tr "\0" " " 2>/dev/null <"/proc/$pid/cmdline" | grep -q 'procshare.*\.jar.* node '; then
      echo "$pid"
    fi
  done
}

ensure_jar() {
  local jar="${PROCSHARE_JAR:-$ROOT/node/target/procshare.jar}"
  if [[ ! -f "$jar" ]]; then
    say "building $jar first (scripts/procshare does it)"
    "$ROOT/scripts/procshare" --version >/dev/null 2>&1 || true
    [[ -f "$jar" ]] || die "$jar is missing and could not be built; run: mvn -B -q -DskipTests package"
  fi
}

# ---- network -------------------------------------------------------------------------------------

make_bridge() {
  ip link add "$BRIDGE" type bridge stp_state 0 forward_delay 0 || die "cannot create bridge $BRIDGE"
  ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  allow_bridged
}

# With br_netfilter loaded and bridge-nf-call-iptables=1, frames between two ports of a bridge go
# through iptables' FORWARD chain, whose policy is often DROP (Docker sets it): node to node traffic
# would vanish. One ACCEPT rule for frames from psbr0 to psbr0 lets ours through; `down` removes it.
allow_bridged() {
  [[ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" == 1 ]] || return 0
  if command -v iptables >/dev/null 2>&1; then
    if iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null \
        || iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT; then
      say "br_netfilter is on: iptables FORWARD accepts $BRIDGE to $BRIDGE (removed by down)"
      return 0
    fi
  fi
  say "warning: br_netfilter passes bridged frames through iptables and no FORWARD rule for $BRIDGE could be added;"
  say "warning: if the nodes cannot reach each other, accept forwarding from $BRIDGE to $BRIDGE"
}

disallow_bridged() {  # removes allow_bridged's rule, if any
  command -v iptables >/dev/null 2>&1 || return 0
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do
    say "removed the iptables FORWARD rule for $BRIDGE"
  done
}

make_ns() {  # make_ns K
  local k=$1 n v
  n=$(ns "$k"); v=$(veth "$k")
  ip netns add "$n" || die "cannot create namespace $n"
  ip -n "$n" link set lo up
  ip link add "$v" type veth peer name "psi$k" || die "cannot create veth $v"
  ip link set "psi$k" netns "$n"
  ip -n "$n" link set "psi$k" name eth0
  ip -n "$n" addr add "$(ip_of "$k")/24" dev eth0
  ip -n "$n" link set eth0 up
  ip link set "$v" master "$BRIDGE"
  ip link set "$v" up
}

# ---- nodes ---------------------------------------------------------------------------------------

launch() {  # launch K MEMBERS: starts node K in the background, detached from this shell
  local k=$1 members=$2 d jdk
  d="$DIR/n$k"
  mkdir -p "$d/data"
  : >"$d/node.log"
  echo "--- $(date '+%F %T') starting n$k in $(ns "$k")" >>"$d/node.log"
  # setsid: the node survives the terminal or test that ran this script; `down` ends it
  setsid ip netns exec "$(ns "$k")" "$ROOT/scripts/procshare" node --conf "$ROOT/conf/node.json" --name "n$k" \
    --cluster-host "$(ip_of "$k")" --cluster-port "$CLUSTER_PORT" --members "$members" \
    --bridge-host "$(ip_of "$k")" --bridge-port "$BRIDGE_PORT" --data-dir "$d/data" \
    >>"$d/node.log" 2>&1 </dev/null &
  echo $! >"$d/pid"   # setsid, ip netns exec and the launcher all exec: this is the JVM's pid
}

node_up() {  # node_up K: its log says it is up
  grep -q "procshare node n$1 up:" "$DIR/n$1/node.log" 2>/dev/null
}

node_alive() {  # node_alive K: its JVM is running
  [[ -n "$(node_pids "$1")" ]]
}

# wait_up DEADLINE_MS K...: waits until every node K has logged that it is up; fails (with the end of
# the log) when one exits or the deadline passes
wait_up() {
  local deadline=$1; shift
  local pending=("$@") k still last_report=0 t0
  t0=$(now_ms)
  while ((${#pending[@]})); do
    still=()
    for k in "${pending[@]}"; do
      if node_up "$k"; then
        say "n$k up after $(( ($(now_ms) - t0) / 1000 )) s ($(grep -o 'cluster [^,]*, bridge [^,]*' "$DIR/n$k/node.log" | tail -1))"
      elif ! node_alive "$k" && ! kill -0 "$(cat "$DIR/n$k/pid" 2>/dev/null)" 2>/dev/null; then
        echo "$PROG: n$k exited while starting; end of $DIR/n$k/node.log:" >&2
        tail -n 30 "$DIR/n$k/node.log" >&2
        return 1
      else
        still+=("$k")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]})) || break
    if (($(now_ms) > deadline)); then
      for k in "${pending[@]}"; do
        echo "$PROG: n$k is not up in time; end of $DIR/n$k/node.log:" >&2
        tail -n 20 "$DIR/n$k/node.log" >&2
      done
      return 1
    fi
    if (($(now_ms) - last_report >= 5000)); then
      say "waiting for ${pending[*]/#/n} ($(( ($(now_ms) - t0) / 1000 )) s)"
      last_report=$(now_ms)
    fi
    sleep 0.3
  done
}

# cluster_size K: how many members node K's status lists that answered it ("" when K does not answer)
cluster_size() {
  local names; names=$(cluster_names "$1")
  [[ -n "$names" ]] && wc -w <<<"$names" | tr -d ' '
}

cluster_names() {  # cluster_names K: the member names node K's status lists
  "$ROOT/scripts/procshare" status --node "$(ip_of "$1"):$BRIDGE_PORT" --json 2>/dev/null \
    | sed -n 's/^ *"name" *: *"\([^"]*\)".*/\1/p' | sort -u | tr '\n' ' '
}

# wait_members DEADLINE_MS K EXPECTED: until node K's status shows EXPECTED members
wait_members() {
  local deadline=$1 k=$2 want=$3 got last_report=0
  while true; do
    got=$(cluster_size "$k")
    [[ "$got" == "$want" ]] && return 0
    if (($(now_ms) > deadline)); then
      echo "$PROG: n$k sees ${got:-no answer} members, not $want, in time; end of $DIR/n$k/node.log:" >&2
      tail -n 20 "$DIR/n$k/node.log" >&2
      return 1
    fi
    if (($(now_ms) - last_report >= 5000)); then
      say "n$k sees ${got:-?} of $want members"
      last_report=$(now_ms)
    fi
    sleep 1
  done
}

write_nodes_json() {  # DIR/nodes.json as `procshare cluster start` writes it: `procshare status --dir DIR` works
  local k pid sep="" started
  started=$(now_ms)
  {
    echo '{"nodes": ['
    for ((k = 1; k <= N; k++)); do
      pid=$(cat "$DIR/n$k/pid" 2>/dev/null || echo -1)
      printf '%s  {"name": "n%d", "pid": %s, "cluster": "%s:%d", "bridge": "%s:%d", "log": "%s"}\n' \
        "$sep" "$k" "$pid" "$(ip_of "$k")" "$CLUSTER_PORT" "$(ip_of "$k")" "$BRIDGE_PORT" "$DIR/n$k/node.log"
      sep=","
    done
    echo "], \"startedAt\": $started, \"formationMs\": 0}"
  } >"$DIR/nodes.json.tmp" && mv "$DIR/nodes.json.tmp" "$DIR/nodes.json"
}

# ---- commands ------------------------------------------------------------------------------------

cmd_up() {
  local n="" dir="$DEFAULT_DIR" timeout=$DEFAULT_TIMEOUT
  while (($#)); do
    case "$1" in
      --dir) dir="${2:?--dir needs a directory}"; shift 2 ;;
      --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
      -*) usage_error "up: unknown option $1" ;;
      *) [[ -z "$n" ]] || usage_error "up: one N only"; n=$1; shift ;;
    esac
  done
  [[ "$n" =~ ^[1-9]$ ]] || usage_error "up: N must be 1..$MAX_NODES, was '${n}'"
  [[ "$timeout" =~ ^[0-9]+$ ]] || usage_error "up: --timeout must be seconds"
  if [[ -f "$STATE_DIR/state" ]] || ip link show "$BRIDGE" >/dev/null 2>&1 || ip netns list | grep -q "^$NS_PREFIX[1-9]\b"; then
    die "a netns cluster (or what is left of one) exists; run: $PROG down"
  fi
  ensure_jar
  mkdir -p "$dir" || die "cannot create $dir"
  DIR="$(cd "$dir" && pwd)"; N=$n
  mkdir -p "$STATE_DIR"
  printf 'N=%d\nDIR=%q\n' "$N" "$DIR" >"$STATE_DIR/state"

  local t0 deadline k
  t0=$(now_ms); deadline=$((t0 + timeout * 1000))
  say "creating bridge $BRIDGE ($BRIDGE_IP/24) and namespaces ${NS_PREFIX}1..$NS_PREFIX$N"
  # (in a subshell: a step that fails ends it, and what was made so far is removed)
  (make_bridge && for ((k = 1; k <= N; k++)); do make_ns "$k"; done) \
    || { cmd_down >/dev/null; die "could not set up the network; everything is down again"; }
  if command -v ping >/dev/null && ! ip netns exec "$(ns 1)" ping -c1 -W2 "$BRIDGE_IP" >/dev/null 2>&1; then
    say "warning: $(ns 1) cannot ping $BRIDGE_IP; bridged traffic may be filtered"
  fi

  # n1 first: it becomes the master; the others start together once it is up, and join it. Every
  # node has the full member list (a member not listening yet refuses at once here, so it costs
  # nothing), which is also where Hazelcast looks for the other side after a split
  local all; all=$(members_list "$N")
  say "starting n1; logs in $DIR/nK/node.log"
  launch 1 "$all"
  wait_up "$deadline" 1 || { cmd_down >/dev/null; die "n1 did not start; everything is down again"; }
  if ((N > 1)); then
    say "starting n2..n$N"
    for ((k = 2; k <= N; k++)); do launch "$k" "$all"; done
    local rest=(); for ((k = 2; k <= N; k++)); do rest+=("$k"); done
    wait_up "$deadline" "${rest[@]}" || { cmd_down >/dev/null; die "not every node started; everything is down again"; }
  fi
  # n1's status asks every member: N that answer are N nodes in one cluster
  wait_members "$deadline" 1 "$N" || { cmd_down >/dev/null; die "the cluster did not form; everything is down again"; }
  write_nodes_json
  say "cluster of $N nodes formed in $(secs_since "$t0") s"
  for ((k = 1; k <= N; k++)); do
    say "  n$k  pid $(cat "$DIR/n$k/pid")  namespace $(ns "$k")  cluster $(ip_of "$k"):$CLUSTER_PORT  bridge $(ip_of "$k"):$BRIDGE_PORT  log $DIR/n$k/node.log"
  done
  cat <<EOF
$PROG: clients run here (the root namespace reaches every node through $BRIDGE):
  scripts/procshare status --node $(ip_of 1):$BRIDGE_PORT        (or --dir $DIR)
  scripts/procshare submit --node $(ip_of 1):$BRIDGE_PORT --threads $N montecarlo --samples 50000000
  ip netns exec $(ns 1) bash                                     (a shell on host n1)
$PROG: faults: $PROG kill K | cut K | restore K | start K | heal;  stop all: $PROG down
EOF
}

cmd_kill() {
  local k=${1:-}; check_k "$k"; read_state
  local pids; pids=$(node_pids "$k")
  [[ -n "$pids" ]] || die "n$k has no running JVM in $(ns "$k")"
  # shellcheck disable=SC2086
  kill -9 $pids
  say "n$k killed (kill -9 $(echo $pids)) at $(stamp) ($(now_ms) ms)"
}

cmd_start() {
  local k=${1:-}; check_k "$k"; shift
  local timeout=$DEFAULT_TIMEOUT
  while (($#)); do
    case "$1" in
      --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
      *) usage_error "start: unknown argument $1" ;;
    esac
  done
  read_state
  ((k <= N)) || usage_error "start: the cluster has nodes 1..$N"
  if node_alive "$k"; then die "n$k is already running (pid $(node_pids "$k" | tr '\n' ' '))"; fi
  local t0 deadline; t0=$(now_ms); deadline=$((t0 + timeout * 1000))
  launch "$k" "$(members_list "$N")"
  write_nodes_json
  wait_up "$deadline" "$k" || die "n$k did not start"
  local alive=0 j
  for ((j = 1; j <= N; j++)); do node_alive "$j" && [[ "$(link_state "$j")" == up ]] && alive=$((alive + 1)); done
  wait_members "$deadline" "$k" "$alive" || die "n$k did not join the $alive reachable nodes"
  say "n$k up again (pid $(cat "$DIR/n$k/pid")) in $(secs_since "$t0") s; it sees $(cluster_names "$k")"
}

cmd_cut() {
  local k=${1:-}; check_k "$k"; read_state
  ip link show "$(veth "$k")" >/dev/null 2>&1 || die "no link $(veth "$k") for n$k"
  # a disabled bridge port drops every frame it gets or would send: packets vanish both ways, no
  # RST, no ICMP, and the node's own eth0 stays up (`ip link set ... type bridge_slave state 0`
  # is accepted but ignored by some iproute2 versions: `bridge` it is, and the state is checked)
  bridge link set dev "$(veth "$k")" state 0 || die "cannot disable bridge port $(veth "$k")"
  [[ "$(link_state "$k")" == cut ]] || die "bridge port $(veth "$k") is still $(port_state "$k") after disabling it"
  say "n$k cut off (bridge port $(veth "$k") disabled) at $(stamp) ($(now_ms) ms)"
}

cmd_restore() {
  local k=${1:-}; check_k "$k"; read_state
  ip link show "$(veth "$k")" >/dev/null 2>&1 || die "no link $(veth "$k") for n$k"
  bridge link set dev "$(veth "$k")" state 3 || die "cannot re-enable bridge port $(veth "$k")"
  [[ "$(link_state "$k")" == up ]] || die "bridge port $(veth "$k") is $(port_state "$k") after enabling it"
  say "n$k link restored (bridge port $(veth "$k") forwarding) at $(stamp) ($(now_ms) ms)"
}

port_state() {  # port_state K: the bridge port state of node K's veth (forwarding, disabled, ...), or missing
  local s
  s=$(ip -d link show "$(veth "$1")" 2>/dev/null) || { echo missing; return; }
  s=$(sed -n 's/.*bridge_slave state \([a-z]*\).*/\1/p' <<<"$s")
  echo "${s:-detached}"
}

link_state() {  # link_state K: up | cut | missing | detached | (another port state)
  local s; s=$(port_state "$1")
  case "$s" in
    forwarding) echo up ;;
    disabled|blocking|listening|learning) echo cut ;;
    *) echo "$s" ;;
  esac
}

cmd_heal() {  # every cut link restored, every dead node started, then all N in one cluster
  local timeout=$DEFAULT_TIMEOUT k t0 deadline first=""
  while (($#)); do
    case "$1" in
      --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
      *) usage_error "heal: unknown argument $1" ;;
    esac
  done
  read_state
  t0=$(now_ms); deadline=$((t0 + timeout * 1000))
  for ((k = 1; k <= N; k++)); do
    [[ "$(link_state "$k")" == up ]] || cmd_restore "$k"
  done
  local dead=()
  for ((k = 1; k <= N; k++)); do
    if ! node_alive "$k"; then
      launch "$k" "$(members_list "$N")"; dead+=("$k"); say "n$k was not running: starting it"
    fi
  done
  if ((${#dead[@]})); then
    write_nodes_json
    wait_up "$deadline" "${dead[@]}" || die "${dead[*]/#/n} did not start"
  fi
  # n1's status asks every member: N that answer are N nodes in one cluster
  wait_members "$deadline" 1 "$N" || die "n1 does not see all $N nodes"
  say "all $N nodes up and in one cluster ($(secs_since "$t0") s)"
}

cmd_status() {
  read_state
  local k pids
  printf '%-4s %-7s %-8s %-16s %-22s %s\n' NODE NETNS LINK ADDRESS JVM "CLUSTER IT SEES"
  for ((k = 1; k <= N; k++)); do
    local nsok=missing jvm=down seen="-"
    ip netns list | grep -qw "$(ns "$k")" && nsok=ok
    pids=$(node_pids "$k")
    if [[ -n "$pids" ]]; then
      jvm="pid $(echo $pids)"
      if [[ "$(link_state "$k")" == up ]]; then
        seen=$(cluster_names "$k"); seen=${seen:-"(no answer)"}
      else
        seen="(unreachable from here)"
      fi
    fi
    printf '%-4s %-7s %-8s %-16s %-22s %s\n' "n$k" "$nsok" "$(link_state "$k")" "$(ip_of "$k")" "$jvm" "$seen"
  done
  echo "logs: $DIR/nK/node.log"
}

cmd_down() {
  local dir="" k pid left
  if [[ -f "$STATE_DIR/state" ]]; then
    # shellcheck disable=SC1091
    source "$STATE_DIR/state"; dir=${DIR:-}
  fi
  # every namespace of ours, from this run or an earlier one that crashed
  local spaces; spaces=$(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$NS_PREFIX[1-9]$" || true)
  for n in $spaces; do
    k=${n#"$NS_PREFIX"}
    pids=$(node_pids "$k")
    # shellcheck disable=SC2086
    [[ -n "$pids" ]] && kill -9 $pids 2>/dev/null && say "killed n$k (pid $(echo $pids))"
  done
  # the JVMs must be gone before their namespace is deleted, or it lingers while they run
  for _ in $(seq 1 50); do
    left=""
    for n in $spaces; do left+=$(ip netns pids "$n" 2>/dev/null); done
    [[ -z "$left" ]] && break
    sleep 0.1
  done
  for n in $spaces; do
    # anything else still running in it (e.g. a shell) was started by a user of this cluster
    for pid in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$n" 2>/dev/null && say "deleted namespace $n"
  done
  local links; links=$(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^$VETH_PREFIX[1-9]$" || true)
  for l in $links; do ip link del "$l" 2>/dev/null && say "deleted veth $l"; done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE" && say "deleted bridge $BRIDGE"
  fi
  disallow_bridged
  [[ -n "$dir" && -f "$dir/nodes.json" ]] && rm -f "$dir/nodes.json"
  rm -f "$STATE_DIR/state"
  say "down${dir:+ (logs kept in $dir)}"
}

main() {
  local cmd=${1:-}
  case "$cmd" in
    -h|--help|help) usage; exit 0 ;;
    "") usage >&2; exit 2 ;;
  esac
  shift
  case "$cmd" in
    up|kill|start|cut|restore|heal|status|down) preflight "$cmd" "$@" ;;
    *) usage_error "unknown command '$cmd'" ;;
  esac
  case "$cmd" in
    up) cmd_up "$@" ;;
    kill) cmd_kill "$@" ;;
    start) cmd_start "$@" ;;
    cut) cmd_cut "$@" ;;
    restore) cmd_restore "$@" ;;
    heal) cmd_heal "$@" ;;
    status) cmd_status "$@" ;;
    down) cmd_down "$@" ;;
  esac
}

main "$@"
