# shellcheck shell=bash
# serve_start DB [ENV=VALUE…]: starts `$BIN serve --db DB --listen 127.0.0.1:0`
# in the background (the environment assignments given before it), waits for
# its "listening on" line and sets SERVE_URL and SERVE_PID; returns 1 (with
# the server's stderr shown) when it did not come up. serve_stop: stops it
# with SIGTERM and returns its exit status. Output in serve.txt, serve.err.
SERVE_URL=
SERVE_PID=
serve_start() {
	local db=$1
	shift
	env "$@" "$BIN" serve --db "$db" --listen 127.0.0.1:0 >serve.txt 2>serve.err &
	SERVE_PID=$!
	SERVE_URL=
	for _ in $(seq 1 600); do
		SERVE_URL=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' serve.txt 2>/dev/null)
		[ -n "$SERVE_URL" ] && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	sed 's/^/    serve: /' serve.err | head -5
	return 1
}

serve_stop() {
	[ -n "$SERVE_PID" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	for _ in $(seq 1 100); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
	wait "$SERVE_PID"
	local rc=$?
	SERVE_PID=
	return $rc
}
