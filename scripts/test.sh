#!/usr/bin/env bash
# Runs every test of ConfidantBot on a fresh machine: installs what the tests need (npm packages
# for Azurite and the Teams manifest schemas, Debian's Chromium for the browser tests), builds with
# warnings as errors, runs all test projects, runs one storage test class again without this script's
# Azurite (the test fixture then starts its own), and prints "N passed, N failed, N skipped" from the
# TRX results of both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

if [ ! -x node_modules/.bin/azurite-table ] || [ ! -d node_modules/@microsoft/app-manifest ]; then
  log "Installing test tools from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ -f src/ConfidantBot/ClientApp/package.json ] && [ ! -f src/ConfidantBot/ClientApp/node_modules/botframework-webchat/dist/webchat.js ]; then
  log "Installing the local chat page's npm packages"
  (cd src/ConfidantBot/ClientApp && npm ci --no-audit --no-fund --loglevel=error)
fi

# The browser tests (tests/ConfidantBot.Tests/LocalChannel) drive Debian's Chromium at this path;
# they fail with a clear message when it is missing, so install it here when it is not there yet.
chromium_path=/usr/bin/chromium
if [ ! -x "$chromium_path" ] && grep -rqs --include='*.cs' 'Microsoft.Playwright' tests/; then
  if command -v apt-get >/dev/null 2>&1; then
    log "Installing Debian's Chromium for the browser tests"
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  else
    echo "The browser tests need Chromium at $chromium_path and apt-get is not available to install it." >&2
  fi
fi

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log "Building (warnings are errors)"
dotnet build ConfidantBot.sln --nologo -v quiet -warnaserror

# Everything the tests leave in the temp folder (Chromium profiles, SQLite folders, the shared Azurite's meeting
# folder) goes to a folder of this run only. At exit (tests passed, failed or the script was interrupted) every process
# still running from it (a Chromium whose test host died) is killed and the folder removed.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/confidantbot-test-run-XXXXXX")
azurite_pid=
cleanup() {
  if [ -n "$azurite_pid" ]; then
    # Azurite ignores SIGTERM: end it (and its children) with SIGKILL.
    pkill -KILL -P "$azurite_pid" 2>/dev/null || true
    kill -KILL "$azurite_pid" 2>/dev/null || true
  fi
  pkill -KILL -f -- "$run_tmp/" 2>/dev/null || true
  # An Azurite that a test fixture started runs in a folder of this run (and names none on its command line).
  for proc in /proc/[0-9]*; do
    case "$(readlink "$proc/cwd" 2>/dev/null)" in "$run_tmp"|"$run_tmp"/*) kill -KILL "${proc#/proc/}" 2>/dev/null || true ;; esac
  done
  rm -rf "$run_tmp" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One Azurite for every test project (each test class uses its own table). Started here because
# starting one per test assembly on a busy 2-core machine costs up to a minute each.
# Azurite cannot bind port 0 and report the port, so a free port is picked first; when something else took it
# meanwhile, Azurite exits with EADDRINUSE and another port is tried.
if [ -z "${AZURITE_TABLE_ENDPOINT:-}" ]; then
  azurite_ready=false
  for attempt in 1 2 3 4 5; do
    azurite_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
    log "Starting Azurite (tables) on 127.0.0.1:$azurite_port"
    node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$azurite_port" --inMemoryPersistence \
      --disableTelemetry --skipApiVersionCheck >"$run_tmp/azurite.log" 2>&1 &
    azurite_pid=$!
    # Not a job of this shell: killing it at exit then prints no "Killed" line.
    disown "$azurite_pid" 2>/dev/null || true
    for _ in $(seq 1 240); do
      # Azurite's own word that it listens: whatever took the port could also accept a connection.
      if grep -q 'successfully started' "$run_tmp/azurite.log" && (exec 3<>"/dev/tcp/127.0.0.1/$azurite_port") 2>/dev/null; then
        azurite_ready=true; break
      fi
      if ! kill -0 "$azurite_pid" 2>/dev/null; then break; fi
      sleep 1
    done
    if [ "$azurite_ready" = true ] || ! grep -q EADDRINUSE "$run_tmp/azurite.log"; then break; fi
    echo "Port $azurite_port was taken meanwhile (attempt $attempt); trying another."
  done
  if [ "$azurite_ready" != true ]; then
    echo "Azurite did not start on 127.0.0.1:$azurite_port; its output:" >&2
    cat "$run_tmp/azurite.log" >&2
    exit 1
  fi
  export AZURITE_TABLE_ENDPOINT="http://127.0.0.1:$azurite_port/devstoreaccount1"
fi
export TMPDIR="$run_tmp"

log "Running all tests"
set +e
# A test that hangs (a deadlock, a wait without a deadline) fails the run after 15 minutes instead of hanging CI.
dotnet test ConfidantBot.sln --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
  --blame-hang-timeout 15m --blame-hang-dump-type none
status=$?
set -e

# `dotnet test` also works without the Azurite above: the storage fixture starts (and at the end kills) one
# of its own from node_modules. Shown on one storage test class, with the fixture's diagnostic line in the log.
log "Storage tests again without AZURITE_TABLE_ENDPOINT (the test fixture starts its own Azurite)"
set +e
env -u AZURITE_TABLE_ENDPOINT -u AZURITE_TABLE_CONNECTION_STRING \
  dotnet test tests/ConfidantBot.BotFramework.Tests --no-build --nologo --filter "FullyQualifiedName~AzureTableStorageContractTests" \
  --logger "trx;LogFileName=own-azurite.trx" --logger "console;verbosity=normal" --results-directory "$results" >"$results/own-azurite.log" 2>&1
own_status=$?
set -e
grep -E 'AzuriteFixture:|^ *(Failed|Passed|Total|Test Run)' "$results/own-azurite.log" | grep -v '^ *Passed ' || true
if [ "$own_status" -ne 0 ]; then
  cat "$results/own-azurite.log"
  status=$own_status
elif ! grep -q 'AzuriteFixture: AZURITE_TABLE_ENDPOINT is not set; .*started' "$results/own-azurite.log"; then
  echo "The storage tests ran without AZURITE_TABLE_ENDPOINT, but the fixture did not say it started its own Azurite." >&2
  status=1
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "${#trx_files[@]}" -eq 0 ]; then
  echo "No test results were written." >&2
  status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # dotnet test failed although no result says so: a test host crashed or hung, and its tests have no result.
  echo "The test run failed without a failed test result (a test host crashed, hung or was aborted; see the output above)." >&2
  failed=1
fi
if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then
  status=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
