#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# docs/openapi.yaml is a valid OpenAPI 3.0 document: checked by two
# independent validators and the rules in tools/openapi/ (lint.mjs says
# which). And the validating proxy the API tests run behind can check all
# of it: every request and response schema of every operation compiles in
# its validator (tools/openapi/proxy_schemas.mjs; one that does not is let
# through unchecked, silently). The binary is not needed; the argument is
# taken so that every tests/e2e script is run the same way.
#
#   bash tests/e2e/api_document.sh [path/to/loyaldesk]
#
# Without node (outside `make test`) it says so and passes; `make test` sets
# LD_OPENAPI_CHECK=require, and then a missing node fails.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v node >/dev/null 2>&1; then
	if [ "${LD_OPENAPI_CHECK:-}" = require ]; then
		echo "not ok - node is not installed, and LD_OPENAPI_CHECK=require"
		exit 1
	fi
	echo "# skip: node is not installed, so docs/openapi.yaml is not validated"
	exit 0
fi
if [ ! -d "$root/tools/openapi/node_modules" ]; then
	echo "not ok - tools/openapi/node_modules is missing; run \`make openapi-tools\` (npm ci in tools/openapi)"
	exit 1
fi
cd "$root" || exit 1
if node tools/openapi/lint.mjs docs/openapi.yaml; then
	echo "ok - docs/openapi.yaml is valid"
else
	echo "not ok - docs/openapi.yaml is not valid"
	exit 1
fi
if node tools/openapi/proxy_schemas.mjs docs/openapi.yaml; then
	echo "ok - the validating proxy compiles every schema of docs/openapi.yaml"
else
	echo "not ok - the validating proxy would let some requests or answers through unchecked"
	exit 1
fi
