/*
 * The web UI's files, embedded in the binary at build time (the table is
 * generated from ui/ by cmake/embed.cmake), looked up by exact path.
 */
#include <string.h>

#include "server/server_int.h"

const struct server_asset *server_asset_find(const char *path)
{
	if (!strcmp(path, "/"))
		path = "/index.html";
	for (size_t i = 0; i < server_assets_count; i++) {
		if (!strcmp(server_assets[i].path, path))
			return &server_assets[i];
	}
	return NULL;
}

const char *server_asset_type(const struct server_asset *a)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".json", "application/json; charset=utf-8" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(a->path, '.');

	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	}
	return "application/octet-stream";
}
