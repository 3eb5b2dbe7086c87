#!/usr/bin/env bash
# Independent check of the generated schemas with ajv (a JSON Schema implementation that is not
# ours), called by .ci/run as `bash tests/ajv/validate.sh`:
#   - both schemas against their meta-schemas (draft 2020-12 and draft-07), and proof that the
#     meta-schema check rejects a broken schema;
#   - the shipped example configs (TOML converted to JSON with Python's tomllib) against
#     schema/iamconf.schema.json, and broken configs that must fail;
#   - the real operator values.yaml (tests/fixtures/helm) and a valid values file against
#     schema/helm-values.schema.json, and broken values files that must fail;
#   - `iamconf lint --format sarif` output (repository-relative URIs, URIs outside --sarif-root,
#     standard input, an empty run) against the pinned SARIF 2.1.0 schema
#     (sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec), and a broken log that must fail.
# Prints one PASS/FAIL line per check; exits non-zero on any unexpected result.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

if [ ! -x node_modules/.bin/ajv ] || [ "${AJV_FRESH:-1}" = "1" ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || {
    echo "FAIL: npm ci in tests/ajv"
    exit 1
  }
fi

ajv=(node node_modules/ajv-cli/dist/index.js)
common=(-c ./plugins.js --allow-union-types --all-errors)
config_schema="$root/schema/iamconf.schema.json"
helm_schema="$root/schema/helm-values.schema.json"
values="$root/tests/fixtures/helm/operator-wandb-values.yaml"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failures=0
checks=0

# expect pass|fail LABEL [GREP] -- COMMAND...: runs COMMAND; on an expected failure the output must
# also mention GREP (the offending key), so a file that fails for another reason is caught.
expect() {
  local want="$1" label="$2" pattern="$3"
  shift 4
  checks=$((checks + 1))
  local out got
  if out="$("$@" 2>&1)"; then got=pass; else got=fail; fi
  if [ "$got" = "$want" ] && { [ "$want" = pass ] || [ -z "$pattern" ] || grep -q -- "$pattern" <<<"$out"; }; then
    echo "PASS: $label (expected to $want)"
  else
    failures=$((failures + 1))
    echo "FAIL: $label (expected to $want, got $got${pattern:+, output must mention $pattern})"
    sed 's/^/    /' <<<"$out"
  fi
}

toml_to_json() {
  python3 -c 'import json, sys, tomllib; json.dump(tomllib.load(open(sys.argv[1], "rb")), open(sys.argv[2], "w"))' "$1" "$2"
}

# 1. The schemas against their meta-schemas (ajv compile validates the schema first).
expect pass "iamconf.schema.json is valid JSON Schema 2020-12" "" -- \
  "${ajv[@]}" compile --spec=draft2020 "${common[@]}" -s "$config_schema"
expect pass "helm-values.schema.json is valid JSON Schema draft-07" "" -- \
  "${ajv[@]}" compile --spec=draft7 "${common[@]}" -s "$helm_schema"
expect fail "meta-schema check rejects a broken draft-07 schema" "type" -- \
  "${ajv[@]}" compile --spec=draft7 "${common[@]}" -s "$root/tests/data/schema/broken-draft07.schema.json"
expect fail "meta-schema check rejects a broken 2020-12 schema" "minLength" -- \
  "${ajv[@]}" compile --spec=draft2020 "${common[@]}" -s "$root/tests/data/schema/broken-2020-12.schema.json"
grep -q '"$schema": "https://json-schema.org/draft/2020-12/schema"' "$config_schema" &&
  echo "PASS: iamconf.schema.json declares draft 2020-12" ||
  { echo "FAIL: iamconf.schema.json does not declare draft 2020-12"; failures=$((failures + 1)); }
grep -q '"$schema": "http://json-schema.org/draft-07/schema#"' "$helm_schema" &&
  echo "PASS: helm-values.schema.json declares draft-07" ||
  { echo "FAIL: helm-values.schema.json does not declare draft-07"; failures=$((failures + 1)); }

# 2. Config files against iamconf.schema.json.
validate_config() {
  "${ajv[@]}" validate --spec=draft2020 "${common[@]}" -s "$config_schema" -d "$1"
}
toml_to_json "$root/examples/iamconf.toml" "$tmp/iamconf.toml.json"
expect pass "examples/iamconf.toml (as JSON)" "" -- validate_config "$tmp/iamconf.toml.json"
expect pass "examples/iamconf.yaml" "" -- validate_config "$root/examples/iamconf.yaml"
expect pass "examples/iamconf.json" "" -- validate_config "$root/examples/iamconf.json"
expect fail "tests/data/config/auth-method-uppercase.yaml" "auth_method" -- \
  validate_config "$root/tests/data/config/auth-method-uppercase.yaml"
toml_to_json "$root/tests/data/config/unknown-field.toml" "$tmp/unknown-field.json"
expect fail "tests/data/config/unknown-field.toml (as JSON)" "issuer_url" -- \
  validate_config "$tmp/unknown-field.json"
expect fail "tests/data/config/session-length-days.json" "session_length" -- \
  validate_config "$root/tests/data/config/session-length-days.json"

# 3. Helm values against helm-values.schema.json.
validate_values() {
  "${ajv[@]}" validate --spec=draft7 "${common[@]}" -s "$helm_schema" -d "$1"
}
expect pass "real operator-wandb values.yaml (tests/fixtures/helm)" "" -- validate_values "$values"
expect pass "tests/data/helm/okta-pkce.yaml" "" -- validate_values "$root/tests/data/helm/okta-pkce.yaml"
expect fail "tests/data/helm/authmethod-oidc.yaml (authMethod: oidc)" "authMethod" -- \
  validate_values "$root/tests/data/helm/authmethod-oidc.yaml"
expect fail "tests/data/helm/extraenv-string.yaml (extraEnv as a string)" "extraEnv" -- \
  validate_values "$root/tests/data/helm/extraenv-string.yaml"
expect fail "tests/data/helm/session-hours-string.yaml (sessionLengthHours: \"720h\")" "sessionLengthHours" -- \
  validate_values "$root/tests/data/helm/session-hours-string.yaml"
expect fail "tests/data/helm/extraenv-bool-on.yaml (LOCAL_RESTORE: \"on\")" "LOCAL_RESTORE" -- \
  validate_values "$root/tests/data/helm/extraenv-bool-on.yaml"

# 4. SARIF output against the SARIF 2.1.0 schema (draft-07). The binary is the one the tests
# built (IAMCONF_BIN overrides it).
iamconf="${IAMCONF_BIN:-$root/target/debug/iamconf}"
if [ ! -x "$iamconf" ]; then
  (cd "$root" && cargo build --quiet --bin iamconf) || { echo "FAIL: cargo build"; exit 1; }
fi
sarif_common=(-c ./sarif-plugins.js --allow-union-types --all-errors)
validate_sarif() {
  "${ajv[@]}" validate --spec=draft7 "${sarif_common[@]}" -s "$here/sarif-schema-2.1.0.json" -d "$1"
}
(cd "$root" && "$iamconf" lint --format sarif tests/data/lint >"$tmp/relative.sarif.json" 2>/dev/null)
(cd "$root" && "$iamconf" lint --format sarif "$root/tests/data/lint" >"$tmp/absolute.sarif.json" 2>/dev/null)
(cd "$root" && "$iamconf" lint --format sarif --sarif-root "$tmp" tests/data/lint/env >"$tmp/outside.sarif.json" 2>/dev/null)
(cd "$root" && "$iamconf" lint --format sarif - <tests/fixtures/helm/rendered/broken.rendered.yaml >"$tmp/stdin.sarif.json" 2>/dev/null)
(cd "$tmp" && mkdir -p empty && "$iamconf" lint --allow-empty --format sarif empty >"$tmp/empty.sarif.json" 2>/dev/null)
grep -q '"uriBaseId": "%SRCROOT%"' "$tmp/absolute.sarif.json" &&
  echo "PASS: SARIF of an absolute path has %SRCROOT%-relative URIs" ||
  { echo "FAIL: SARIF of an absolute path has no %SRCROOT%-relative URI"; failures=$((failures + 1)); }
for f in relative absolute outside stdin empty; do
  expect pass "lint --format sarif ($f)" "" -- validate_sarif "$tmp/$f.sarif.json"
done
python3 -c 'import json, sys; v = json.load(open(sys.argv[1])); v["runs"][0]["results"][0]["level"] = "fatal"; json.dump(v, open(sys.argv[2], "w"))' \
  "$tmp/relative.sarif.json" "$tmp/broken.sarif.json"
expect fail "SARIF check rejects a result with level \"fatal\"" "level" -- validate_sarif "$tmp/broken.sarif.json"

echo "ajv schema checks: $checks run, $failures failed"
[ "$failures" -eq 0 ]
