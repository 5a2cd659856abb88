#!/usr/bin/env bash
# Builds the riscv64 test corpus (tests/riscv/*.c) into static RV64GC Linux executables, reproducibly:
# the same sources and the same Debian cross-compiler packages give byte-identical binaries on any
# machine, whatever the checkout's path (fixed flags, compiled from inside tests/riscv with
# -ffile-prefix-map, no timestamps: gcc and ld embed none, and the build id is a hash of the contents).
#
#   scripts/build-riscv-corpus.sh [OUTDIR [NAME...]]
#
# OUTDIR defaults to node/target/riscv-corpus; NAMEs (default: every tests/riscv/*.c) pick programs.
# Each binary is OUTDIR/NAME; OUTDIR/corpus.sha256 lists their digests (sha256sum format).
# A program is built at -O2 unless its header comment has a line "OPT: -Os" (or another -O level).
# Exit 2 when the cross compiler is missing (Debian package gcc-riscv64-linux-gnu), 1 when a build fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/tests/riscv"
OUT="${1:-$ROOT/node/target/riscv-corpus}"
shift || true
CC="${RISCV_CC:-riscv64-linux-gnu-gcc}"

if ! command -v "$CC" >/dev/null; then
  echo "build-riscv-corpus.sh: $CC not found; install the Debian package gcc-riscv64-linux-gnu" \
       "(apt-get install gcc-riscv64-linux-gnu)" >&2
  exit 2
fi

names=("$@")
if (( ${#names[@]} == 0 )); then
  for f in "$SRC"/*.c; do names+=("$(basename "$f" .c)"); done
fi

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
cd "$SRC"
# flags fixed here, never taken from the environment (CFLAGS is ignored on purpose)
common=(-static -std=gnu11 -Wall -Wextra -pthread -ffile-prefix-map="$SRC"=. -ffile-prefix-map="$ROOT"=.
        -fno-ident -Wl,--build-id=sha1)
for name in "${names[@]}"; do
  if [[ ! -f "$name.c" ]]; then
    echo "build-riscv-corpus.sh: no tests/riscv/$name.c" >&2
    exit 1
  fi
  opt="$(sed -n 's/^ \* OPT: \(-O[0-3s]\)$/\1/p' "$name.c" | head -1)"
  # the object file name goes into the binary's symbol table: compile to a fixed name, then link
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  if ! "$CC" "${opt:--O2}" "${common[@]}" -frandom-seed="$name" -o "$tmp/$name" "$name.c" -lm; then
    echo "build-riscv-corpus.sh: building $name failed" >&2
    exit 1
  fi
  mv "$tmp/$name" "$OUT/$name"
  rm -rf "$tmp"
  trap - EXIT
done
(cd "$OUT" && sha256sum "${names[@]}" > corpus.sha256)
echo "build-riscv-corpus.sh: built ${#names[@]} programs into $OUT ($($CC -dumpfullversion), $(dpkg-query -W -f='${Package} ${Version}' libc6-dev-riscv64-cross 2>/dev/null || echo 'libc version unknown'))"
