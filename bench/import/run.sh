#!/usr/bin/env bash
# Imports 50,000 customers, then 50,000 installed products, into a fresh database through the API, printing the job's
# progress as it runs and the wall time of each import. Usage (after a build):
#   bench/import/run.sh                    # SQLite in a temporary folder
#   DB=postgres bench/import/run.sh        # PostgreSQL: needs ORCHESTRATOR_TEST_POSTGRES (a database is created)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-50000}
PORT=${PORT:-5199}
WORK=$(mktemp -d)
trap 'kill $HOST 2>/dev/null || true; rm -rf "$WORK"' EXIT

python3 - "$WORK" "$ROWS" <<'PY'
import sys
work, rows = sys.argv[1], int(sys.argv[2])
with open(f"{work}/customers.csv", "w", encoding="utf-8-sig", newline="") as f:
    f.write("code,name,kind,phone,region,city,tier\r\n")
    for n in range(1, rows + 1):
        f.write(f"B-{n:06d},客户 {n} 有限公司,Company,138{n:08d},Shanghai,上海,{['Standard','Silver','Gold','Vip'][n % 4]}\r\n")
with open(f"{work}/products.csv", "w", encoding="utf-8-sig", newline="") as f:
    f.write("serialNumber,customerCode,modelCode,saleDate,acceptanceDate,siteAddress\r\n")
    for n in range(1, rows + 1):
        f.write(f"BSN-{n:08d},B-{n:06d},BENCH-AC,2025-{n % 12 + 1:02d}-01,2025-{n % 12 + 1:02d}-03,浦东新区张江路 {n} 号\r\n")
PY

if [ "${DB:-sqlite}" = postgres ]; then
  export Database__Provider=PostgreSql
  export ConnectionStrings__Orchestrator="${ORCHESTRATOR_TEST_POSTGRES/Database=postgres/Database=import_bench_$$}"
else
  export Database__Provider=Sqlite
  export ConnectionStrings__Orchestrator="Data Source=$WORK/orchestrator.db"
fi
export Auth__AdminApiKey=${Auth__AdminApiKey:-bench-import-admin-key-0123456789abcdef}
AUTH="Authorization: Bearer $Auth__AdminApiKey"
export Logging__File__Path="$WORK/logs/log-.json" Serilog__MinimumLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
dotnet engine-host/bin/Debug/net10.0/Orchestrator.EngineHost.dll --urls "http://127.0.0.1:$PORT" >"$WORK/host.out" 2>&1 &
HOST=$!
until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; do sleep 0.5; done
curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d '{"modelCode":"BENCH-AC","name":"Bench AC","productLine":"air-conditioner","warrantyMonths":12}' \
  "http://127.0.0.1:$PORT/api/product-models" >/dev/null

import() {
  local kind=$1 file=$2 start id status
  start=$(date +%s.%N)
  id=$(curl -sf -H "$AUTH" -F "file=@$file" "http://127.0.0.1:$PORT/api/imports/$kind" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    status=$(curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/api/imports/$id")
    echo "$status" | python3 -c 'import json,sys; j=json.load(sys.stdin); print("  %-10s %6d/%d %3d%%" % (j["status"], j["processedRows"], j["totalRows"], j["percent"]))'
    echo "$status" | grep -qE '"status":"(Succeeded|Rejected|Failed)"' && break
    sleep 2
  done
  echo "$kind: $(echo "$status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["message"])') in $(echo "$(date +%s.%N) - $start" | bc) s"
}
import customers "$WORK/customers.csv"
import installed-products "$WORK/products.csv"
start=$(date +%s.%N)
curl -sf -H "$AUTH" -o "$WORK/export.xlsx" "http://127.0.0.1:$PORT/api/installed-products?format=xlsx&lang=zh"
echo "export of $ROWS installed products as xlsx: $(stat -c %s "$WORK/export.xlsx") bytes in $(echo "$(date +%s.%N) - $start" | bc) s"
