// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Checks that the validating proxy the API tests run behind (Stoplight Prism,
// tests/e2e/lib/openapi_proxy.sh) can check every body, parameter and header
// the document describes. Prism turns each schema into JSON Schema and
// compiles it with Ajv when it first validates something against it; when
// Ajv refuses the schema, Prism takes the failure for "no errors" and lets
// the request or answer through unchecked, and says nothing, not even in its
// log. (An enum that lists null beside `nullable: true` does it: Prism adds
// null to the enum of a nullable schema, Ajv refuses the list with two nulls.)
// So this loads the document the way `prism proxy` does, hands every
// request and response schema of every operation to Prism's own validators,
// and records each schema Ajv refuses to compile.
// Prints each one, with Ajv's reason, and exits 1 if there is any, 0 if none.
//
//   node tools/openapi/proxy_schemas.mjs docs/openapi.yaml
//
// It reaches into Prism's modules (dist/), as pinned in package-lock.json:
// moving Prism may move them, and this then fails loudly rather than pass.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
if (!file) {
	console.error('usage: node proxy_schemas.mjs path/to/openapi.yaml');
	process.exit(2);
}

const prismHttp = join(here, 'node_modules/@stoplight/prism-http');
const require = createRequire(join(prismHttp, 'package.json'));
// Ajv as Prism resolves it: every Ajv instance compiles through this method.
const AjvCore = require('ajv/dist/core').default;
const compile = AjvCore.prototype.compile;
let current = '';
const refused = [];
AjvCore.prototype.compile = function (...args) {
	try {
		return compile.apply(this, args);
	} catch (err) {
		refused.push(`${current}: ${err.message}`);
		throw err;
	}
};
const { getHttpOperationsFromSpec } = require(prismHttp);
const { validateBody, validateHeaders, validateQuery, validatePath } =
	require(join(prismHttp, 'dist/validator/validators'));
const { ValidationContext } = require(join(prismHttp, 'dist/validator/validators/types'));

const operations = await getHttpOperationsFromSpec(resolve(file));
let checked = 0;
function check(what, run) {
	current = what;
	checked++;
	run();
}
for (const op of operations) {
	const name = `${op.method.toUpperCase()} ${op.path}`;
	const bundle = op.__bundled__;
	const input = ValidationContext.Input;
	const output = ValidationContext.Output;
	for (const content of op.request?.body?.contents ?? [])
		if (content.schema)
			check(`${name} request body ${content.mediaType}`,
				() => validateBody({}, [content], input, content.mediaType, undefined, bundle));
	const params = [['query', validateQuery], ['path', validatePath], ['headers', validateHeaders]];
	for (const [where, validate] of params)
		if (op.request?.[where]?.length)
			check(`${name} request ${where}`, () => validate({}, op.request[where], input, bundle));
	for (const response of op.responses) {
		for (const content of response.contents ?? [])
			if (content.schema)
				check(`${name} ${response.code} body ${content.mediaType}`,
					() => validateBody({}, [content], output, content.mediaType, undefined, bundle));
		if (response.headers?.length)
			check(`${name} ${response.code} headers`,
				() => validateHeaders({}, response.headers, output, bundle));
	}
}
for (const line of refused)
	console.log(`proxy schemas: not compiled, so never checked: ${line}`);
console.log(`proxy schemas: ${checked} checked in ${operations.length} operations, ${refused.length} not compiled`);
process.exit(refused.length > 0 || checked === 0 ? 1 : 0);
