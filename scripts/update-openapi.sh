#!/usr/bin/env bash
# Regenerates openapi/notifications-v1.json from the running service (controllers + XML docs), the document the
# generated client in src/Notifications.Client is built from. Run it after changing a controller or contract, or after
# merging one, and commit the result. Needs what ./test.sh needs (it starts a throwaway PostgreSQL).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
UPDATE_OPENAPI=1 ./test.sh --filter "FullyQualifiedName~OpenApiDocumentTests.ServedDocument_IsTheCommittedOne"
git --no-pager diff --stat -- openapi/
