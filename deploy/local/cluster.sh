#!/usr/bin/env bash
# A whole cluster on this machine: a private Redis (membership and per-IP slots), the development
# broker with the example topics, two silos (one of them producing demo data) and two standalone
# gateways. Ctrl+C stops everything. Needs redis-server (apt-get install redis-server).
#
#   deploy/local/cluster.sh
#   curl -N http://127.0.0.1:8891/v2/stream/recentchange     # gateway 1
#   curl -N http://127.0.0.1:8892/v2/stream/recentchange     # gateway 2
#   kill -9 "$(cat /tmp/eventstreams-cluster/silo2.pid)"     # a silo dies; both streams go on
#
# Ports can be moved with the variables below, e.g. REDIS_PORT=6400 deploy/local/cluster.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

REDIS_PORT=${REDIS_PORT:-6390}
BROKER_PORT=${BROKER_PORT:-9093}
GATEWAY_PORTS=(${GATEWAY_PORTS:-8891 8892})
SILO_HTTP_PORTS=(${SILO_HTTP_PORTS:-8801 8802})
RUN=${RUN_DIR:-/tmp/eventstreams-cluster}
mkdir -p "$RUN"

command -v redis-server >/dev/null || { echo "redis-server is missing: sudo apt-get install -y redis-server" >&2; exit 1; }
echo "Building (Release)..."
for project in Silo Gateway tools/DevBroker; do
  dotnet build -c Release "$project" --nologo -v q >/dev/null
done

pids=()
# Newest first: gateways, then silos (they leave the cluster cleanly while Redis is still up), then the rest.
stop() {
  trap - EXIT INT TERM
  echo; echo "Stopping..."
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[$i]}
    kill "$pid" 2>/dev/null || continue
    # A silo leaves the cluster gracefully (hands its grains over) in up to ~20 s.
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop EXIT INT TERM

# start NAME COMMAND...: runs a node in the background, its log in $RUN/NAME.log, its pid in $RUN/NAME.pid.
start() {
  local name=$1; shift
  "$@" >"$RUN/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN/$name.pid"
}

start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no
topics=()
for dc in eqiad codfw; do
  topics+=(--topic "$dc.mediawiki.recentchange:4" --topic "$dc.mediawiki.revision-create:2" --topic "$dc.mediawiki.page-create:1")
done
start broker dotnet tools/DevBroker/bin/Release/net10.0/EventStreams.DevBroker.dll --listen "127.0.0.1:$BROKER_PORT" "${topics[@]}"

cluster=(
  --Orleans:Clustering=Redis --Orleans:Redis:ConnectionString="127.0.0.1:$REDIS_PORT"
  --Orleans:ClusterId=local --Orleans:AdvertisedIPAddress=127.0.0.1
)
silo=(
  dotnet Silo/bin/Release/net10.0/EventStreams.Silo.dll "${cluster[@]}" --Gateway:Enabled=false
  --Kafka:BootstrapServers="127.0.0.1:$BROKER_PORT" --StreamConfig:Uri="$PWD/stream-config.yaml" --Dashboard:Enabled=true
)
start silo1 "${silo[@]}" --Orleans:SiloPort=11211 --Orleans:GatewayPort=30211 --Urls="http://127.0.0.1:${SILO_HTTP_PORTS[0]}" --Demo:Enabled=true
start silo2 "${silo[@]}" --Orleans:SiloPort=11212 --Orleans:GatewayPort=30212 --Urls="http://127.0.0.1:${SILO_HTTP_PORTS[1]}"
for i in 0 1; do
  start "gateway$((i + 1))" dotnet Gateway/bin/Release/net10.0/EventStreams.Gateway.dll "${cluster[@]}" --Urls="http://127.0.0.1:${GATEWAY_PORTS[$i]}"
done

echo "Waiting for both gateways to be ready..."
for port in "${GATEWAY_PORTS[@]}"; do
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.5; done
done
cat <<INFO
Ready. Logs and pids in $RUN/.
  streams:    http://127.0.0.1:${GATEWAY_PORTS[0]}/v2/stream/recentchange  and  http://127.0.0.1:${GATEWAY_PORTS[1]}/v2/stream/recentchange
  dashboards: http://127.0.0.1:${SILO_HTTP_PORTS[0]}/dashboard/  and  /dashboard/eventstreams (grain statistics), also on :${SILO_HTTP_PORTS[1]}
Ctrl+C stops the cluster.
INFO
wait
