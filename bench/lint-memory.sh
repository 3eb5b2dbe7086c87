#!/usr/bin/env bash
# Peak memory of `iamconf lint` on large and hostile inputs: each file is generated at the size
# asked (7 MiB by default, under the 8 MiB default cap), linted once per run, and measured with
# GNU time (/usr/bin/time -v: wall clock and maximum resident set size). Prints, per case, the
# file size, the median wall time, the largest peak RSS and that peak divided by the file size.
#
#   cargo build --release
#   bash bench/lint-memory.sh [RUNS] [MIB]        # e.g. 3 7
#
# Cases (every one is a file `lint` parses and judges whole):
#   env-vars       KEY=value lines (about 140,000 at 7 MiB)
#   values-extraenv  operator-chart values, every line a `global.extraEnv` entry
#   values-seq     a block sequence of one-character scalars under `global:`
#   json-array     one JSON object holding an array of one-digit numbers (the densest tree)
#   json-objects   JSON objects with `global.extraEnv` entries, minified (one line)
#   blank-lines    an env file of empty lines
#   toml-array     an iamconf.toml config file holding one inline array of one-digit numbers
#   tfvars-json    a terraform.tfvars.json whose other_wandb_env holds one entry per line
#   tfvars-object  a terraform.tfvars whose other_wandb_env object has every entry on one line
# and two that must be refused cheaply:
#   flow-yaml      a YAML document in flow style (`{global: {x: [a, a, ...]}}`): parse-error
#   oversize       a file of twice the default cap: parse-error
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
mib="${2:-7}"
iamconf="${IAMCONF:-target/release/iamconf}"
[ -x "$iamconf" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$mib" <<'EOF'
import json, os, sys
work, mib = sys.argv[1], int(sys.argv[2])
size = mib * 1024 * 1024

def write(name, head, item, tail="", sep=""):
    os.makedirs(os.path.join(work, name.split("/")[0]), exist_ok=True)
    with open(os.path.join(work, name), "w") as f:
        f.write(head)
        i, first = 0, True
        while f.tell() < size - len(tail) - 64:
            f.write(("" if first else sep) + item(i))
            first = False
            i += 1
        f.write(tail)

write("env-vars/big.env", "", lambda i: "APP_SETTING_%d=value-%d-abcdefghijklmnop\n" % (i, i))
write("values-extraenv/values.yaml", "global:\n  extraEnv:\n",
      lambda i: '    APP_SETTING_%d: "value-%d-abc"\n' % (i, i))
write("values-seq/values.yaml", "global:\n  x:\n", lambda i: "  - a\n")
write("json-array/values.json", '{"global": {"x": [', lambda i: "1", "]}}", ",")
write("json-objects/values.json", '{"global": {"extraEnv": {',
      lambda i: '"APP_SETTING_%d": "value-%d-abc"' % (i, i), "}}}", ", ")
write("flow-yaml/values.yaml", "{global: {x: [", lambda i: "a", "]}}\n", ", ")
write("blank-lines/blank.env", "", lambda i: "\n")
write("toml-array/iamconf.toml", '[oidc]\nissuer = "https://x"\nx = [', lambda i: "1", "]\n", ",")
write("tfvars-json/terraform.tfvars.json", '{\n "other_wandb_env": {\n',
      lambda i: '  "APP_%d": "v%d"' % (i, i), "\n }\n}\n", ",\n")
write("tfvars-object/terraform.tfvars", "other_wandb_env = { ",
      lambda i: 'APP_%d = "v%d"' % (i, i), " }\n", ", ")
os.makedirs(os.path.join(work, "oversize"), exist_ok=True)
with open(os.path.join(work, "oversize/values.yaml"), "w") as f:
    f.write("global:\n  extraEnv:\n")
    f.truncate(16 * 1024 * 1024)
EOF

echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); iamconf: $("$iamconf" --version)"
printf '%-18s %9s %9s %12s %8s  %s\n' case size wall "peak RSS" "RSS/size" "result"
for dir in env-vars values-extraenv values-seq json-array json-objects blank-lines toml-array tfvars-json tfvars-object flow-yaml oversize; do
  file="$(ls "$work/$dir"/*)"
  bytes="$(stat -c %s "$file")"
  walls=()
  peak=0
  result=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$iamconf" lint --allow-empty "$file" >"$work/out" 2>"$work/time" || true
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time")")
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")"
    [ "$rss" -gt "$peak" ] && peak="$rss"
    result="$(grep -o -m1 'error\[[a-z-]*\]\|no problems found\|[0-9]* problems\? found' "$work/out" || true)"
  done
  wall="$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  printf '%-18s %7.1fMiB %8.2fs %9.1f MiB %7.1fx  %s\n' "$dir" \
    "$(echo "$bytes / 1048576" | bc -l)" "$wall" "$(echo "$peak / 1024" | bc -l)" \
    "$(echo "$peak * 1024 / $bytes" | bc -l)" "$result"
done
