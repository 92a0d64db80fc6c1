// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The one check of a request that a validating proxy leaves out: Prism lets a
// query parameter the document does not declare pass, while the server
// refuses unknown parameters (400 unknown_parameter). So a parameter the
// server takes and the document lacks shows up only here. Reads requests, one
// "METHOD /path?query" a line, from the file named second; prints each query
// parameter that the operation does not declare, and each request that
// matches no operation. Exits 1 if there is any, 0 if none.
//
//   node tools/openapi/params.mjs docs/openapi.yaml requests.txt
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';

const [file, requests] = process.argv.slice(2);
if (!file || !requests) {
	console.error('usage: node params.mjs path/to/openapi.yaml requests.txt');
	process.exit(2);
}
const api = await SwaggerParser.dereference(file);
const methods = ['get', 'put', 'post', 'delete', 'patch'];

// Each operation with its path as a pattern; a path with fewer templated
// segments wins, as /surveys/by-token/{token} beats a /surveys/{id}/… would.
const operations = [];
for (const [path, item] of Object.entries(api.paths)) {
	const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
	const templated = (path.match(/\{/g) ?? []).length;
	for (const method of methods.filter((m) => item[m])) {
		const declared = [...(item.parameters ?? []), ...(item[method].parameters ?? [])]
			.filter((p) => p.in === 'query')
			.map((p) => p.name);
		operations.push({ method: method.toUpperCase(), path, pattern, templated, declared });
	}
}
operations.sort((a, b) => a.templated - b.templated);

const found = new Set();
for (const line of readFileSync(requests, 'utf8').split('\n').filter(Boolean)) {
	const [method, target] = line.split(' ');
	const url = new URL(target, 'http://127.0.0.1');
	const op = operations.find((o) => o.method === method && o.pattern.test(url.pathname));
	if (op === undefined) {
		found.add(`${method} ${url.pathname}: no operation in the document`);
		continue;
	}
	for (const name of new Set(url.searchParams.keys()))
		if (!op.declared.includes(name))
			found.add(`${method} ${op.path}: query parameter ${name} is not declared`);
}
for (const f of found)
	console.log(f);
process.exit(found.size > 0 ? 1 : 0);
