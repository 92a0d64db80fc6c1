# shellcheck shell=bash
# free_port: prints a TCP port on 127.0.0.1 nobody listens on now, chosen
# below Linux's ephemeral range (32768–60999) so that the client sockets of
# tests running beside this one cannot take it before the server binds it.
free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 12000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
	done
	return 1
}
