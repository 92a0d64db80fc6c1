#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The web UI's component and logic tests (Vitest, web/tests/): every text in
# every language, the language a browser gets. Needs web/node_modules
# (`make test` installs it).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -d "$root/web/node_modules/vitest" ]; then
	echo "not ok - the web UI's tools are not installed (make test runs npm ci in web/)"
	exit 1
fi
cd "$root/web" && npx --no-install vitest run
