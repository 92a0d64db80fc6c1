// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A stand-in for the server behind the validating proxy, for
// tests/e2e/api_proxy_negative.sh: it answers whatever it is told to, so
// that a test can send the proxy an answer the server never would. Each
// request says its answer in two headers, which the proxy passes on:
//   X-Canned-Status: the HTTP status (default 200);
//   X-Canned-Body: the body, base64 (default: DEFAULT_BODY_FILE's content).
// The answer is always Content-Type: application/json. Listens on a free
// port of 127.0.0.1 until killed, and prints "listening PORT" once it does.
//
//   node tools/openapi/canned_upstream.mjs DEFAULT_BODY_FILE
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const defaultFile = process.argv[2];
if (!defaultFile) {
	console.error('usage: node canned_upstream.mjs DEFAULT_BODY_FILE');
	process.exit(2);
}
const defaultBody = readFileSync(defaultFile);

const server = createServer((req, res) => {
	req.resume();
	req.on('end', () => {
		const status = Number(req.headers['x-canned-status'] ?? 200);
		const canned = req.headers['x-canned-body'];
		const body = canned === undefined ? defaultBody : Buffer.from(canned, 'base64');
		res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
		res.end(body);
	});
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
