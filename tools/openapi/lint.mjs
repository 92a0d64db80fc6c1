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
// schema XOrNull is X with `nullable: true`, or for an enum X exactly
// `anyOf: [X, NullValue]`, so that the two forms cannot drift apart; no schema
// spells a nullable enum as an enum that lists null beside `nullable` (the
// validating proxy adds a second null and then checks nothing of any body
// that uses it), and none has `nullable` without a `type` beside it (which
// widens nothing, and which the proxy refuses alike); and no allOf joins a
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
function nullableForm(name, schema) {
	if (Array.isArray(schema.enum))
		return { anyOf: [{ $ref: `#/components/schemas/${name}` }, { $ref: '#/components/schemas/NullValue' }] };
	const { description, example, ...rest } = schema;
	return { ...rest, nullable: true };
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
	const baseName = name.replace(/OrNull$/, '');
	const base = schemas[baseName];
	if (!name.endsWith('OrNull') || base === undefined)
		continue;
	twins++;
	const { description, example, ...got } = schema;
	const want = JSON.stringify(canonical(nullableForm(baseName, base)));
	if (JSON.stringify(canonical(got)) !== want) {
		failed = true;
		console.log(`nullable forms: ${name} is not ${name.slice(0, -6)} or null; want ${want}`);
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
let nullableMisfits = 0;
function walk(node, where) {
	if (node === null || typeof node !== 'object' || visited.has(node))
		return;
	visited.add(node);
	if (typeof node.nullable === 'boolean' && typeof node.type !== 'string') {
		nullableMisfits++;
		failed = true;
		console.log(`nullable: ${where} has nullable without a type beside it; for X or null write anyOf: [X, NullValue]`);
	} else if (node.nullable === true && Array.isArray(node.enum) && node.enum.includes(null)) {
		nullableMisfits++;
		failed = true;
		console.log(`nullable: ${where} lists null in an enum beside nullable; write anyOf: [the enum, NullValue]`);
	}
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
// Components first, so that a schema is named where it is defined.
walk(api.components, '#/components');
walk(api.paths, '#/paths');
console.log(`closed allOf: ${closedJoins} found`);
console.log(`nullable: ${nullableMisfits} misspelt`);

const config = await loadConfig({ configPath: join(here, 'redocly.yaml') });
const problems = await lint({ ref: file, config });
const totals = getTotals(problems);
if (problems.length > 0)
	formatProblems(problems, { format: 'codeframe', totals, version: 'openapi-core' });
console.log(`redocly: ${totals.errors} errors, ${totals.warnings} warnings`);
if (totals.errors > 0)
	failed = true;
process.exit(failed ? 1 : 0);
