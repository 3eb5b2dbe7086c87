#!/usr/bin/env bash
# Every dependency in Cargo.toml is used (the check cargo-machete makes, without installing it):
# each crate of [dependencies], [dev-dependencies] and [build-dependencies] must be named as
# `crate::`, `use crate` or `extern crate crate` somewhere in src/, tests/, benches/ or examples/.
# Prints the unused ones and fails if there are any.
set -euo pipefail
cd "$(dirname "$0")/.."

deps=$(awk '
  /^\[/ { in_deps = ($0 ~ /^\[(dev-|build-)?dependencies\]$/); next }
  in_deps && /^[A-Za-z0-9_-]+[[:space:]]*=/ { sub(/[[:space:]]*=.*/, ""); print }
' Cargo.toml | sort -u)

unused=()
for dep in $deps; do
  crate=${dep//-/_}
  if ! grep -rqE "(\b${crate}::|\buse ${crate}\b|extern crate ${crate}\b)" \
      src tests/*.rs benches examples 2>/dev/null; then
    unused+=("$dep")
  fi
done

if [ ${#unused[@]} -gt 0 ]; then
  echo "unused dependencies in Cargo.toml: ${unused[*]}" >&2
  exit 1
fi
echo "every dependency is used ($(echo "$deps" | wc -w) checked)"
