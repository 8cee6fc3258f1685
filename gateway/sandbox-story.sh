#!/usr/bin/env bash
# The sandbox story: a PMRS facility and the NSSF's H-SPIS, each through its own edge (which signs), then the central
# gateway (which verifies, maps, signs), with the answer each step expects.
# Start the sandbox first (dotnet run --project gateway/Interop.Gateway), then, from the repository root:
#   bash gateway/sandbox-story.sh
set -euo pipefail
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}      # the central gateway: signed messages only
PMRS_EDGE=${PMRS_EDGE:-http://127.0.0.1:8081}  # facility 120101's edge: PMRS talks to it as to its old server
HSPIS_EDGE=${HSPIS_EDGE:-http://127.0.0.1:8082} # the NSSF's edge for H-SPIS
step() { printf '\n== %s\n' "$1"; }
expect() { grep -q -- "$1" <<<"$2" || { printf 'Expected %s in:\n%s\n' "$1" "$2" >&2; exit 1; }; }
show() { printf '%s\n' "$1" | head -c 600; printf '\n'; }

step "0. The central gateway accepts only signed messages: H-SPIS calling it directly is refused"
answer=$(curl -sS "$GATEWAY/hspis/ws/member" -H 'Content-Type: application/xml; charset=utf-8' --data-binary @gateway/sandbox-story/hspis-member.xml)
show "$answer"; expect 'E401' "$answer"

step "1. H-SPIS registers an NSSF member through its edge: the registry issues a social protection ID (SPID)"
answer=$(curl -sS "$HSPIS_EDGE/hspis/ws/member" -H 'Content-Type: application/xml; charset=utf-8' --data-binary @gateway/sandbox-story/hspis-member.xml)
show "$answer"; expect '<Result code="0"' "$answer"; expect '<Match>NEW</Match>' "$answer"
SPID=$(sed -nE 's/.*<Spid>([0-9]{12})<\/Spid>.*/\1/p' <<<"$answer")

step "2. A PMRS client logs in (OAuth 2.0 password grant, sandbox credentials)"
answer=$(curl -sS "$PMRS_EDGE/oauth/token" -d grant_type=password -d username=sandbox.nurse \
  -d password=sandbox-password-NOT-FOR-PRODUCTION -d client_id=sandbox-emr -d client_secret=sandbox-secret-NOT-FOR-PRODUCTION)
expect '"token_type":"Bearer"' "$answer"
TOKEN=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$answer")
PMRS=(-H "Authorization: Bearer $TOKEN" -H "X-Facility-Code: 120101" -H "Accept: application/json")

step "3. PMRS admits the same person (HEF equity card): the registry recognises the Khmer ID, same SPID"
answer=$(curl -sS "$PMRS_EDGE/api/v1/external/visits" "${PMRS[@]}" -H 'Content-Type: application/json' --data-binary @gateway/sandbox-story/pmrs-ipd-admission.json)
show "$answer"; expect '"http_code":202' "$answer"; expect "\"spid\":\"$SPID\"" "$answer"

step "4. PMRS searches the beneficiary by equity card: every scheme that covers the person"
answer=$(curl -sS "$PMRS_EDGE/api/v1/external/beneficiary/search?card_type=CARD-HEF&card_number=12010203-00042" "${PMRS[@]}")
show "$answer"; expect '"card_type":"CARD-HEF"' "$answer"; expect '"card_type":"CARD-NSSF"' "$answer"

step "5. PMRS discharges the patient: the claim goes to the PCA (HEF pays)"
answer=$(curl -sS "$PMRS_EDGE/api/v1/external/visits" "${PMRS[@]}" -H 'Content-Type: application/json' --data-binary @gateway/sandbox-story/pmrs-ipd-discharge.json)
show "$answer"; expect '"routed_to":"PCA"' "$answer"

step "6. The same discharge sent again (a retry): the same answer, nothing submitted twice"
again=$(curl -sS "$PMRS_EDGE/api/v1/external/visits" "${PMRS[@]}" -H 'Content-Type: application/json' --data-binary @gateway/sandbox-story/pmrs-ipd-discharge.json)
[ "$again" = "$answer" ] || { echo "The retry was answered differently" >&2; exit 1; }

step "7. PMRS reads the visit's status (received, then certified after Sandbox:AssessAfter, then paid)"
answer=$(curl -sS "$PMRS_EDGE/api/v1/external/visits/V120101-25-000300/status" "${PMRS[@]}")
show "$answer"; expect '"visit_code":"V120101-25-000300"' "$answer"

step "8. H-SPIS sends a claim batch: each claim stands alone (CG99 is not a case group)"
answer=$(curl -sS "$HSPIS_EDGE/hspis/ws/claims" -H 'Content-Type: application/xml; charset=utf-8' --data-binary @gateway/sandbox-story/hspis-claims.xml)
show "$answer"; expect '<Accepted>1</Accepted>' "$answer"; expect '<Refused>1</Refused>' "$answer"; expect 'element="Claim\[2\]/CaseGroup"' "$answer"

step "9. H-SPIS asks for the status of the accepted claim"
answer=$(curl -sS "$HSPIS_EDGE/hspis/ws/claim-status" -H 'Content-Type: application/xml; charset=utf-8' --data-binary \
  '<ClaimStatusRequest xmlns="urn:kh:nssf:hspis:2016"><Header><SenderCode>120101</SenderCode><MessageId>story-status-1</MessageId><SentAt>20250302080000</SentAt></Header><ClaimNo>120101-C-2025-00412</ClaimNo></ClaimStatusRequest>')
show "$answer"; expect '<ClaimNo>120101-C-2025-00412</ClaimNo>' "$answer"

step "10. An operator checks the central transaction log's hash chain (admin API, sandbox key)"
answer=$(curl -sS "$GATEWAY/admin/transactions/chain" -H 'X-Admin-Key: sandbox-admin-key-NOT-FOR-PRODUCTION')
show "$answer"; expect '"valid":true' "$answer"

step "11. The log keeps every hop's signature: the request as the edge signed it, the upstream call and answer, our answer"
ADMIN=(-H 'X-Admin-Key: sandbox-admin-key-NOT-FOR-PRODUCTION')
id=$(curl -sS "$GATEWAY/admin/transactions?adapter=pmrs&status=completed&limit=1" "${ADMIN[@]}" | sed -E 's/^\[\{"id":"([0-9a-f]+)".*/\1/')
answer=$(curl -sS "$GATEWAY/admin/transactions/$id" "${ADMIN[@]}")
show "$answer"
expect '"hop":"inbound"' "$answer"; expect '"keyId":"sandbox-pmrs-120101-2026-01"' "$answer"
expect '"hop":"upstream-answer"' "$answer"; expect '"hop":"answer"' "$answer"

printf '\nThe story is complete.\n'
