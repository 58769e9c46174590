#!/usr/bin/env bash
# Prints one JWT for the service started by ./run.sh (Development environment only).
#   ./run.sh token [--org ORG] [--scope SCOPE]... [--platform-access-token --app ORG/APP]
# Signed RS256 with config/dev-signing-key.pem using openssl alone: no dotnet, no build.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEY="$REPO/config/dev-signing-key.pem"
ISSUER="notifications-dev"   # AuthenticationSetup.DevelopmentIssuer
LIFETIME=3600

usage() {
    cat >&2 <<'EOF'
usage: ./run.sh token [--org ORG] [--scope SCOPE]... [--platform-access-token --app ORG/APP]
  Bearer token (default): iss=notifications-dev, urn:altinn:org=ORG (default ttd),
    scope=the given scopes joined by spaces (default altinn:serviceowner/notifications.create).
  --platform-access-token --app ORG/APP: a PlatformAccessToken with iss=ORG, urn:altinn:app=ORG/APP.
EOF
    exit 2
}

org="ttd"
scopes=()
platform=false
app=""
while (($# > 0)); do
    case "$1" in
        --org) (($# >= 2)) || usage; org="$2"; shift 2 ;;
        --scope) (($# >= 2)) || usage; scopes+=("$2"); shift 2 ;;
        --platform-access-token) platform=true; shift ;;
        --app) (($# >= 2)) || usage; app="$2"; shift 2 ;;
        -h | --help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done
((${#scopes[@]} > 0)) || scopes=("altinn:serviceowner/notifications.create")

if $platform; then
    [[ "$app" == ?*/?* ]] || { echo "--platform-access-token needs --app ORG/APP" >&2; usage; }
elif [[ -n "$app" ]]; then
    echo "--app is only meaningful with --platform-access-token" >&2
    usage
fi
[[ -r "$KEY" ]] || { echo "missing development signing key: $KEY" >&2; exit 1; }

# A JSON string literal; control characters are refused rather than escaped.
json_str() {
    local s="$1"
    if [[ "$s" =~ [[:cntrl:]] ]]; then
        echo "control characters are not allowed in token values" >&2
        exit 2
    fi
    s="${s//\\/\\\\}"
    printf '"%s"' "${s//\"/\\\"}"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

now="$(date +%s)"
jti="$(openssl rand -hex 16)"
times="\"iat\":$now,\"nbf\":$now,\"exp\":$((now + LIFETIME)),\"jti\":\"$jti\""
if $platform; then
    payload="{\"iss\":$(json_str "${app%%/*}"),\"urn:altinn:app\":$(json_str "$app"),$times}"
else
    scope="$(IFS=' '; echo "${scopes[*]}")"
    payload="{\"iss\":\"$ISSUER\",\"sub\":$(json_str "$org"),\"scope\":$(json_str "$scope"),"
    payload+="\"urn:altinn:org\":$(json_str "$org"),$times}"
fi

signing_input="$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf '%s' "$payload" | b64url)"
signature="$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$KEY" -binary | b64url)"
printf '%s.%s\n' "$signing_input" "$signature"
