#!/usr/bin/env bash
# Lints the committed OpenAPI document with Redocly CLI's recommended ruleset and fails on any error or warning
# (README.md, "API description"). ./test.sh runs it as one test, so every new endpoint keeps the document clean.
# The CLI is installed with npm, at the pinned version, into .cache/ (git-ignored; REDOCLY_CACHE_DIR to move it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Pinned: a new release may add rules, and that should be a change we make, not one that turns a build red.
# 2.x needs Node.js >= 20.19 (or >= 22.12).
REDOCLY_VERSION="2.77.0"
document="openapi/notifications-v1.json"
cache="${REDOCLY_CACHE_DIR:-$PWD/.cache/redocly-cli-$REDOCLY_VERSION}"
redocly="$cache/node_modules/.bin/redocly"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "openapi lint: needs node and npm (./test.sh installs Debian's nodejs and npm when run as root)" >&2
    exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "openapi lint: @redocly/cli $REDOCLY_VERSION needs Node.js >= 20.19 or >= 22.12, found $(node --version)" >&2
    exit 1
fi
if [[ ! -x "$redocly" ]]; then
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-audit --no-fund --no-save --loglevel=error "@redocly/cli@$REDOCLY_VERSION" >&2
fi

# JSON output has the totals; the exit code alone passes a document with warnings.
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
# No telemetry or update check: CI machines reach the package registries only.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$redocly" lint "$document" --format=json >"$report" 2>/dev/null || true
python3 - "$report" "$document" "$REDOCLY_VERSION" <<'PY'
import json, sys
report_path, document, version = sys.argv[1:4]
try:
    report = json.load(open(report_path, encoding="utf-8"))
except ValueError:
    print(f"openapi lint: redocly printed no report:\n{open(report_path, encoding='utf-8').read()}", file=sys.stderr)
    sys.exit(1)
totals = report["totals"]
for problem in report.get("problems", []):
    where = "; ".join(l.get("pointer", "") for l in problem.get("location", []))
    print(f"{problem['severity']}: {problem['ruleId']}: {problem['message']} at {where}", file=sys.stderr)
summary = f"{totals['errors']} errors, {totals['warnings']} warnings"
if totals["errors"] or totals["warnings"]:
    print(f"openapi lint: {document}: {summary} (@redocly/cli {version}, recommended rules)", file=sys.stderr)
    sys.exit(1)
print(f"openapi lint: {document} is clean under @redocly/cli {version}'s recommended rules ({summary})")
PY
