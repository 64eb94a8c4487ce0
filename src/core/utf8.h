/*
 * utf8.h — UTF-8 decoding, validation and repair, on byte offsets.
 *
 * Text inside Dossier is UTF-8 and offsets are bytes.  These helpers never
 * read past `len` and treat every malformed sequence (overlong forms,
 * surrogates, truncation, code points above U+10FFFF) as one bad byte.
 */
#ifndef DOSSIER_CORE_UTF8_H
#define DOSSIER_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes the code point at s[*pos], advancing *pos past it.  A malformed
 * sequence yields -1 and advances past its maximal subpart: a lead byte
 * with the continuation bytes that follow it (a character cut short is
 * one error), or one byte for a stray byte, overlong form or surrogate.  At or past `len` returns -1
 * without advancing.
 */
int32_t utf8_next(const char *s, size_t len, size_t *pos);

/* Encodes `cp` into `out` (at least 4 bytes); returns the byte count (0 if invalid). */
size_t utf8_encode(uint32_t cp, char *out);

/* Appends the UTF-8 form of `cp` to `b`. */
int utf8_add(struct buf *b, uint32_t cp);

/*
 * Counts malformed sequences in s[0..len).  When `first_bad` is non-NULL it
 * receives the offset of the first one (len if none).
 */
size_t utf8_count_invalid(const char *s, size_t len, size_t *first_bad);

/*
 * Appends s[0..len) to `b`, replacing each malformed sequence with U+FFFD
 * and dropping NUL bytes.  `*replaced` (when non-NULL) receives the number
 * of replacements.
 */
int utf8_repair(struct buf *b, const char *s, size_t len, size_t *replaced);

/* True for Unicode white space, including U+3000 and U+00A0, and for U+FEFF. */
int utf8_is_space(int32_t cp);

/* Offset of the first non-space code point at or after `pos`. */
size_t utf8_skip_space(const char *s, size_t len, size_t pos);

/* Length of s[0..len) once trailing white space is removed. */
size_t utf8_trim_space_end(const char *s, size_t len);

/*
 * The largest offset <= `pos` that starts a code point (or equals len), so
 * a string cut there stays valid UTF-8.
 */
size_t utf8_boundary_before(const char *s, size_t len, size_t pos);

/*
 * Length of s[0..len) without an incomplete multi-byte sequence at its end
 * (what a cut by snprintf can leave).
 */
size_t utf8_trim_incomplete(const char *s, size_t len);

/*
 * Columns s[0..len) takes in a terminal: East Asian wide and full-width
 * characters count two, combining marks zero, everything else one.
 */
size_t utf8_display_width(const char *s, size_t len);

/* The value of an ASCII hex digit (0-9, a-f, A-F), or -1. */
int ascii_hex_value(char c);

/* `c` with A-Z lowered; every other byte as it is. */
char ascii_lower(char c);

/* Does s[0..len) start with `lower` (lower-case ASCII), ignoring ASCII case? */
int ascii_starts_ci(const char *s, size_t len, const char *lower);

/* Offset of `lower` in s[0..len), ignoring ASCII case, or len when absent. */
size_t ascii_find_ci(const char *s, size_t len, const char *lower);

/* Number of code points in s[0..len) (a malformed byte counts as one). */
size_t utf8_length(const char *s, size_t len);

#endif
