#!/usr/bin/env bash
# Signs a payload the Standard Webhooks way and POSTs it to a running host.
#
#   WEBHOOK_SECRET=whsec_... samples/webhooks/send.sh warehouse samples/webhooks/rma-received.json
#
# Environment: WEBHOOK_SECRET (the endpoint's secret, required), ORCHESTRATOR_URL (default http://localhost:5080),
# WEBHOOK_ID (default: a new msg_… id; send the same id twice to see the first answer come back).
# Needs: openssl, curl, base64, xxd or od.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: WEBHOOK_SECRET=whsec_... $0 <endpoint> <payload.json>" >&2; exit 2; }
endpoint="$1"
file="$2"
: "${WEBHOOK_SECRET:?set WEBHOOK_SECRET to the secret of the endpoint, whsec_...}"
url="${ORCHESTRATOR_URL:-http://localhost:5080}/hooks/${endpoint}"
id="${WEBHOOK_ID:-msg_$(openssl rand -hex 12)}"
timestamp="$(date +%s)"

# the key is the base64 part of the secret; openssl takes it as hex
key_hex="$(printf '%s' "${WEBHOOK_SECRET#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
# signed content: "<id>.<timestamp>.<body>", the body exactly as sent (the file's bytes)
signature="$( { printf '%s.%s.' "$id" "$timestamp"; cat "$file"; } \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:${key_hex}" -binary | base64 | tr -d '\n')"

echo "POST $url  webhook-id: $id" >&2
curl -sS -X POST "$url" \
  -H "content-type: application/json" \
  -H "webhook-id: ${id}" \
  -H "webhook-timestamp: ${timestamp}" \
  -H "webhook-signature: v1,${signature}" \
  --data-binary "@${file}" \
  -w '\nHTTP %{http_code}\n'
