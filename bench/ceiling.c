/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The ceiling of the API benchmark: a bare libmicrohttpd responder that
 * answers every request with a fixed 200-byte JSON body, with the same thread
 * settings as `loyaldesk serve` (internal polling thread, epoll, a pool of N
 * threads). Whatever loyaldesk reaches is reported as a share of this, so the
 * figures mean something on any machine.
 *
 *   ld_ceiling PORT [THREADS]
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exactly 200 bytes of JSON, shaped like a small API answer. */
static char body[201];

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **req_cls)
{
	struct MHD_Response *res;
	enum MHD_Result ret;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	if (*req_cls == NULL) {
		*req_cls = (void *)1; /* first call: headers only */
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0; /* swallow a request body */
		return MHD_YES;
	}
	res = MHD_create_response_from_buffer(200, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(res, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, res);
	MHD_destroy_response(res);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const char *prefix;
	int port, threads;
	size_t len;

	if (argc < 2) {
		fprintf(stderr, "usage: ld_ceiling PORT [THREADS]\n");
		return 2;
	}
	port = atoi(argv[1]);
	threads = argc > 2 ? atoi(argv[2]) : 2;
	/* {"id":1,"status":"open","subject":"xxxx…"} padded to exactly 200 bytes */
	prefix = "{\"id\":1,\"status\":\"open\",\"subject\":\"";
	len = strlen(prefix);
	memset(body, 'x', 200);
	memcpy(body, prefix, len);
	memcpy(body + 198, "\"}", 2);
	body[200] = '\0';
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)port, NULL,
			     NULL, answer, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
			     MHD_OPTION_CONNECTION_LIMIT, 1024u, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "ld_ceiling: cannot listen on %d\n", port);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	return 0;
}
