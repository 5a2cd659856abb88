#!/usr/bin/env bash
# What the web console costs a node, measured in one run: a 3-node loopback cluster runs a busy
# process (montecarlo: its threads on three nodes add to one shared counter, so its page moves all
# the time); node2's CPU time and heap are sampled for PHASE seconds with no console open, then with
# node2's console open on that process in headless Chromium, then closed again. CPU from
# /proc/PID/stat (user + system), heap from jstat (survivors + eden + old used, sampled every second;
# read from the JVM's perf data, so the sampling costs the node nothing). Chromium's own CPU is not
# counted: it is another process.
#
#   scripts/console-cost.sh [PHASE_SECONDS]     (default 30; needs chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PHASE=${1:-30}
DIR=$(pwd)/.procshare/console-cost
PS=scripts/procshare
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [[ -n "$d" && -x "$d/bin/jstat" ]]; then JSTAT="$d/bin/jstat"; break; fi
done
command -v chromium >/dev/null || { echo "console-cost.sh: needs chromium (apt-get install chromium)" >&2; exit 2; }

CLIENT= CHROME=
cleanup() {
  [[ -n "$CHROME" ]] && kill "$CHROME" 2>/dev/null || true
  [[ -n "$CLIENT" ]] && kill "$CLIENT" 2>/dev/null || true
  $PS cluster stop --dir "$DIR" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

$PS cluster start --nodes 3 --timeout 180 --dir "$DIR" >/dev/null
$PS submit --dir "$DIR" --threads 3 montecarlo --samples 1000000000000 >"$DIR/client.out" 2>"$DIR/client.err" &
CLIENT=$!
for _ in $(seq 60); do
  PID=$(sed -n 's/^procshare: pid \([0-9]*\) started.*/\1/p' "$DIR/client.err")
  [[ -n "$PID" ]] && break
  sleep 1
done
[[ -n "$PID" ]] || { echo "console-cost.sh: the process did not start" >&2; cat "$DIR/client.err" >&2; exit 1; }
NODE=$(cat "$DIR/node2.pid")
URL=$(awk '/"name" : "node2"/ { f = 1 } f && /"console" :/ { sub(/.*"console" : "/, ""); sub(/".*/, ""); print; exit }' \
  "$DIR/nodes.json")
[[ "$URL" == http* ]] || { echo "console-cost.sh: node2 has no console in $DIR/nodes.json" >&2; exit 1; }
TCK=$(getconf CLK_TCK)

phase() {  # name: CPU % of one core, mean heap used (MiB) and young collections over PHASE seconds
  local t0 t1
  t0=$(awk '{print $14 + $15}' "/proc/$NODE/stat")
  "$JSTAT" -gc "$NODE" 1000 "$PHASE" >"$DIR/jstat-$1.txt"
  t1=$(awk '{print $14 + $15}' "/proc/$NODE/stat")
  awk -v name="$1" -v cpu=$(( t1 - t0 )) -v tck="$TCK" -v secs="$PHASE" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { heap += $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; n++;
      if (n == 1) ygc0 = $col["YGC"]; ygc = $col["YGC"] }
    END { printf "%-14s node2 CPU %5.1f %% of a core   heap used %6.1f MiB (mean of %d samples)   young GCs %d\n",
          name, cpu / tck / secs * 100, heap / n / 1024, n, ygc - ygc0 }' "$DIR/jstat-$1.txt"
}

echo "pid $PID busy on 3 nodes; node2 is JVM $NODE, its console $URL; $PHASE s per phase"
phase "console closed"
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$DIR/chrome" "$URL#pid=$PID" >/dev/null 2>&1 &
CHROME=$!
PORT=${URL##*:}; PORT=${PORT%%/*}
for _ in $(seq 60); do  # until the page's event stream is connected
  (( $(ss -Htn state established "( sport = :$PORT )" | wc -l) > 0 )) && break
  sleep 1
done
(( $(ss -Htn state established "( sport = :$PORT )" | wc -l) > 0 )) \
  || { echo "console-cost.sh: chromium holds no connection to node2's console" >&2; exit 1; }
sleep 3
phase "console open"
kill "$CHROME"; wait "$CHROME" 2>/dev/null || true; CHROME=
sleep 2
phase "closed again"
