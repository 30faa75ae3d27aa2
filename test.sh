#!/usr/bin/env bash
# Installs what the tests need when missing, then builds and runs every test:
# format check, build with warnings as errors, the .NET test projects (engine, domain,
# API on SQLite and on a throwaway PostgreSQL cluster, browser tests) and the web UI's tests.
# Ends with one line: "N passed, N failed[, N skipped]". Exit code non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }
die() { echo "test.sh: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- install what is missing
missing=()
command -v pg_createcluster >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk) # Chinese screenshots need a CJK font
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing from Debian: ${missing[*]}"
  as_root apt-get update -qq || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
pgver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$pgver" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql"

# ---------------------------------------------------------------- throwaway PostgreSQL cluster
pg_name="orch_test_$$"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
pg_dir=$(mktemp -d /tmp/orchestrator-pg.XXXXXX)
cleanup() {
  as_root pg_dropcluster --stop "$pgver" "$pg_name" >/dev/null 2>&1 || true
  as_root rm -rf "$pg_dir"
}
trap cleanup EXIT
step "starting PostgreSQL $pgver cluster $pg_name on port $pg_port"
as_root chown postgres:postgres "$pg_dir"
as_root pg_createcluster "$pgver" "$pg_name" -p "$pg_port" -d "$pg_dir/data" \
  -o max_connections=300 -o fsync=off -o synchronous_commit=off \
  -o full_page_writes=off -o shared_buffers=256MB -- --auth=trust >/dev/null || die "pg_createcluster failed"
as_root pg_ctlcluster "$pgver" "$pg_name" start || die "pg_ctlcluster start failed"
export ORCHESTRATOR_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"

# ---------------------------------------------------------------- build
step "restoring .NET tools and packages"
dotnet tool restore >/dev/null || die "dotnet tool restore failed"
dotnet restore Orchestrator.sln -v q || die "restore failed"

step "dotnet format --verify-no-changes"
dotnet format Orchestrator.sln --verify-no-changes --no-restore -v q || die "dotnet format found changes to make (run: dotnet format Orchestrator.sln)"

step "building (warnings are errors)"
dotnet build Orchestrator.sln --no-restore -warnaserror -v q -nologo || die "build failed"

# ---------------------------------------------------------------- tests
results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
failed_run=0

step "web UI tests (vitest)"
(cd designer && npx vitest run --reporter=json --outputFile="$results/vitest.json" >"$results/vitest.log" 2>&1) || failed_run=1
tail -n 5 "$results/vitest.log"

step ".NET tests"
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "--- $name"
  dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" -v q || failed_run=1
done

# ---------------------------------------------------------------- summary
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, json, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
try:
    v = json.load(open(sys.argv[1] + "/vitest.json"))
    p += v.get("numPassedTests", 0); f += v.get("numFailedTests", 0); s += v.get("numPendingTests", 0) + v.get("numTodoTests", 0)
except Exception:
    f += 1
print(p, f, s)
PY
)
summary="$passed passed, $failed failed"
[ "${skipped:-0}" -gt 0 ] && summary="$summary, $skipped skipped"
echo
echo "$summary"
[ "$failed_run" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
