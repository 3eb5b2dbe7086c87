#!/usr/bin/env bash
# Side-by-side benchmark of `iamconf lint` and `dotenv-linter check -r` on the same generated
# corpus of .env files (bench/corpus.py), 5,000 and 50,000 files by default.
#
#   cargo build --release
#   cargo install dotenv-linter          # once, outside CI; 4.0.0 was measured
#   bash bench/lint-vs-dotenv-linter.sh [RUNS] [SIZES...]      # e.g. 9 5000 50000
#
# For each size: one warm-up run of each tool (the corpus is then in the page cache), then RUNS
# runs in turn (iamconf, dotenv-linter, iamconf, ...) so that both see the same machine load;
# each run's wall time, CPU time and peak RSS come from GNU time (/usr/bin/time). Output goes to
# /dev/null for both. Prints the median wall time of each tool, the medians of the per-pair wall
# and CPU (user + sys) ratios iamconf/dotenv-linter, iamconf's wall time per 1,000 files and its
# largest peak RSS.
# dotenv-linter gets --skip-updates so that it does not ask the network for a newer release.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-9}"
shift || true
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(5000 50000)

iamconf="${IAMCONF:-target/release/iamconf}"
dotenv_linter="${DOTENV_LINTER:-$(command -v dotenv-linter || true)}"
[ -x "$iamconf" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -n "$dotenv_linter" ] || { echo "install it first: cargo install dotenv-linter" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "iamconf: $("$iamconf" --version); dotenv-linter: $("$dotenv_linter" --version)"
echo

# one RESULT-FILE COMMAND...: appends "wall_seconds max_rss_kib" of one run.
one() {
  local out="$1"
  shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/t" "$@" >/dev/null 2>&1 || true
  # GNU time writes "Command exited with non-zero status N" first when the tool finds problems.
  tail -n 1 "$work/t" >>"$out"
}

printf '%-7s %-12s %-12s %-11s %-10s %-15s %s\n' files "iamconf s" "dotenv-l. s" "wall ratio" "cpu ratio" "iamconf s/1000" "iamconf peak RSS"
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  python3 bench/corpus.py "$n" "$corpus"
  : >"$work/a" && : >"$work/b"
  one /dev/null "$iamconf" lint "$corpus"
  one /dev/null "$dotenv_linter" check -r --skip-updates "$corpus"
  for _ in $(seq "$runs"); do
    one "$work/a" "$iamconf" lint "$corpus"
    one "$work/b" "$dotenv_linter" check -r --skip-updates "$corpus"
  done
  python3 - "$n" "$work/a" "$work/b" <<'PY'
import statistics, sys
n = int(sys.argv[1])
a = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
b = [tuple(map(float, l.split())) for l in open(sys.argv[3]) if l.strip()]
wa, wb = [x[0] for x in a], [x[0] for x in b]
ratios = [x / y for x, y in zip(wa, wb) if y > 0]
cpu = [(x[2] + x[3]) / (y[2] + y[3]) for x, y in zip(a, b) if y[2] + y[3] > 0]
print(f"{n:<7} {statistics.median(wa):<12.3f} {statistics.median(wb):<12.3f} "
      f"{statistics.median(ratios):<11.3f} {statistics.median(cpu):<10.3f} "
      f"{statistics.median(wa) * 1000 / n:<15.4f} {max(x[1] for x in a) / 1024:.1f} MiB")
PY
  rm -rf "$corpus"
done
