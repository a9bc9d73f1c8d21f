#!/usr/bin/env bash
# The project's one test command: installs what the tests need, builds, runs every test project.
# Used as is by CI (.ci/run) and by anyone on a fresh Debian machine with the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests run:
# - kcat, librdkafka's command-line client: an independent Kafka client for the dev broker's tests;
# - redis-server: the cluster tests start a private instance on a free port for membership and slot storage;
# - chromium: the stream explorer's tests (tests/Ui.Tests) drive it headless through Playwright, which cannot download its own;
# - kubectl (Debian's kubernetes-client): `kubectl kustomize` renders deploy/k8s offline for the manifest tests.
missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test EventStreams.sln --nologo 2>&1 | tee "$log" || status=$?

# One plain summary line over all test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i + 1); if ($i == "Failed:") f += $(i + 1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
