// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Validates an OpenAPI 3.0 document twice, with two independent tools:
//  1. @apidevtools/swagger-parser: the document against the official OpenAPI
//     3.0 JSON Schema, and every $ref resolved;
//  2. @redocly/openapi-core: the rules in redocly.yaml beside this file —
//     what a schema cannot say (a parameter listed twice, a path parameter
//     not declared, an example that breaks its own schema, `nullable` that
//     widens nothing).
// Then checks what neither knows about this document: each component
// schema XOrNull is X with `nullable: true` (and null added to its enum), so
// that the two forms of one enum cannot drift apart; and no allOf joins a
// closed schema (additionalProperties: false, in a branch or beside the
// allOf) to a branch that adds properties, which a validator would then
// refuse: each schema is checked on its own, so the closed one sees the
// added properties as unknown.
// Prints each problem and exits 1 if there is any, 0 if none.
//
//   node tools/openapi/lint.mjs docs/openapi.yaml
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { lint, loadConfig, formatProblems, getTotals } from '@redocly/openapi-core';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
if (!file) {
	console.error('usage: node lint.mjs path/to/openapi.yaml');
	process.exit(2);
}

let failed = false;
try {
	await SwaggerParser.validate(file);
	console.log(`swagger-parser: ${file} is valid`);
} catch (err) {
	failed = true;
	console.log(`swagger-parser: ${err.message}`);
}

// X with null allowed, as XOrNull must read; descriptions and examples aside.
function nullableForm(schema) {
	const { description, example, ...rest } = schema;
	const out = { ...rest, nullable: true };
	if (Array.isArray(rest.enum))
		out.enum = [...rest.enum, null];
	return out;
}
function canonical(value) {
	if (Array.isArray(value))
		return value.map(canonical);
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
	return value;
}
const schemas = (await SwaggerParser.parse(file)).components?.schemas ?? {};
let twins = 0;
for (const [name, schema] of Object.entries(schemas)) {
	const base = schemas[name.replace(/OrNull$/, '')];
	if (!name.endsWith('OrNull') || base === undefined)
		continue;
	twins++;
	const { description, example, ...got } = schema;
	const want = JSON.stringify(canonical(nullableForm(base)));
	if (JSON.stringify(canonical(got)) !== want) {
		failed = true;
		console.log(`nullable forms: ${name} is not ${name.slice(0, -6)} plus null; want ${want}`);
	}
}
console.log(`nullable forms: ${twins} checked`);

const api = await SwaggerParser.dereference(file);
const visited = new Set();
let closedJoins = 0;
function propertiesOf(schema) {
	const own = Object.keys(schema.properties ?? {});
	return own.concat(...(schema.allOf ?? []).map(propertiesOf));
}
function walk(node, where) {
	if (node === null || typeof node !== 'object' || visited.has(node))
		return;
	visited.add(node);
	if (Array.isArray(node.allOf)) {
		const closedOnes = node.allOf.filter((b) => b.additionalProperties === false);
		if (node.additionalProperties === false)
			closedOnes.push({ properties: node.properties });
		for (const closed of closedOnes) {
			const allowed = new Set(propertiesOf(closed));
			const added = node.allOf
				.filter((b) => b !== closed)
				.flatMap(propertiesOf)
				.filter((name) => !allowed.has(name));
			if (added.length > 0) {
				closedJoins++;
				failed = true;
				console.log(`closed allOf: ${where} adds ${added.join(', ')} to a schema with additionalProperties: false`);
			}
		}
	}
	for (const [key, value] of Object.entries(node))
		walk(value, `${where}/${key}`);
}
walk(api.paths, '#/paths');
walk(api.components, '#/components');
console.log(`closed allOf: ${closedJoins} found`);

const config = await loadConfig({ configPath: join(here, 'redocly.yaml') });
const problems = await lint({ ref: file, config });
const totals = getTotals(problems);
if (problems.length > 0)
	formatProblems(problems, { format: 'codeframe', totals, version: 'openapi-core' });
console.log(`redocly: ${totals.errors} errors, ${totals.warnings} warnings`);
if (totals.errors > 0)
	failed = true;
process.exit(failed ? 1 : 0);
