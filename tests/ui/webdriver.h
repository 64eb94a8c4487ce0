/*
 * webdriver — a small W3C WebDriver client (libcurl + jansson) for the UI
 * tests: one browser session on a chromedriver the caller started.
 *
 * Every call returns 0 on success and -1 on failure, with the reason
 * (the driver's error and message, or curl's) in wd->err; nothing exits.
 */
#ifndef DOSSIER_TESTS_WEBDRIVER_H
#define DOSSIER_TESTS_WEBDRIVER_H

#include <jansson.h>
#include <stddef.h>

struct wd {
	char base[128];     /* http://127.0.0.1:PORT/session/ID */
	char err[1024];     /* the last failure, for the test's message */
};

/*
 * Opens a session on the chromedriver at 127.0.0.1:PORT with Chromium at
 * BINARY (NULL: the driver's default) and ARGS (ARGC command-line
 * switches, e.g. "--headless=new").  Retries while the driver is still
 * starting, up to WAIT_MS.
 */
int wd_open(struct wd *wd, int port, const char *binary, const char *const *args, int argc, int wait_ms);

/* Ends the session (the browser quits).  A closed or never-opened session is fine. */
int wd_close(struct wd *wd);

/* Loads URL and waits for its load event. */
int wd_go(struct wd *wd, const char *url);

/*
 * Runs SCRIPT (a function body: "return …") in the page with ARGS (a JSON
 * array or NULL; stolen) and gives its value in *OUT (caller frees with
 * json_decref; may be JSON null).  OUT may be NULL.
 */
int wd_exec(struct wd *wd, const char *script, json_t *args, json_t **out);

/*
 * Polls SCRIPT (as wd_exec, no arguments) every 100 ms until it returns a
 * truthy value, for up to WAIT_MS; -1 with "timed out waiting for: WHAT"
 * when it never does.
 */
int wd_wait(struct wd *wd, const char *script, const char *what, int wait_ms);

/*
 * The first element CSS matches, as the driver's element id in ID (size
 * IDSZ); -1 when none does.
 */
int wd_find(struct wd *wd, const char *css, char *id, size_t idsz);

/* Clicks element ID as a user would (scrolled into view; it must be visible). */
int wd_click(struct wd *wd, const char *id);

/* Clears element ID and types TEXT into it (UTF-8; "\xee\x80\x87" is Enter). */
int wd_type(struct wd *wd, const char *id, const char *text);

/* 1 when element ID is displayed, 0 when not, -1 on failure. */
int wd_displayed(struct wd *wd, const char *id);

/*
 * The browser console's messages since the last call, as a JSON array of
 * {"level", "message", "timestamp"} in *ENTRIES (caller frees); needs a
 * session opened by wd_open (which asks for them).
 */
int wd_browser_log(struct wd *wd, json_t **entries);

/*
 * Sends TEXT to element ID as keystrokes without clearing it first (to a
 * focusable element that is not a field: keys for its handlers).
 */
int wd_keys(struct wd *wd, const char *id, const char *text);

/* Sets the browser window's outer size to WIDTH x HEIGHT pixels. */
int wd_window_size(struct wd *wd, int width, int height);

/*
 * Performs ACTIONS (stolen: the W3C "actions" list of input sources, such
 * as a pointer's moves, presses and releases or a wheel's scrolls) as a
 * user's input, then releases whatever they left pressed.
 */
int wd_actions(struct wd *wd, json_t *actions);

/* Saves a PNG of the viewport at PATH. */
int wd_screenshot(struct wd *wd, const char *path);

#endif
