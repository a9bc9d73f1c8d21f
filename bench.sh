#!/usr/bin/env bash
# The benchmark command: builds the service and the bench in Release, then runs the scenarios.
# Options (all optional) are listed in bench/README.md, e.g. ./bench.sh --scenarios P1 --clients 5000.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# C1 and C2 start a private redis-server for cluster membership (as test.sh, install it if missing).
if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
dotnet build -c Release Silo/Silo.csproj --nologo -v q
dotnet build -c Release Gateway/Gateway.csproj --nologo -v q # the standalone gateway of C1 and C2
dotnet build -c Release bench/Bench.csproj --nologo -v q
exec dotnet bench/bin/Release/net10.0/EventStreams.Bench.dll run "$@"
