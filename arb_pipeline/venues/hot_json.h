/* A reader of JSON text straight from a frame's bytes, for the compiled path of the venues'
 * usual frames (hot_frames.c, docs/streamer.md#the-compiled-frame-reader): a cursor that steps
 * over an object's keys and reads plain strings, integers and decimal texts, refusing (0) any
 * form it does not know so that the caller can leave the frame to the general reader (orjson).
 * Included by hot_frames.c only: the functions are static.
 */
#ifndef ARB_HOT_JSON_H
#define ARB_HOT_JSON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *p;
    const char *end;
    /* The frame has no control character at all (cursor_open): a string ends at its next quote. */
    int no_control;
} Cursor;

/* A string's bytes between its quotes. */
typedef struct {
    const char *s;
    Py_ssize_t n;
} Text;

static inline void skip_space(Cursor *c) {
    /* Compact JSON (the venues') has none: one comparison says so. */
    while (c->p < c->end && (unsigned char)*c->p <= ' ' && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

static inline int take(Cursor *c, char ch) {
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A cursor at the start of a frame's bytes, or 0 when the frame has a byte above 0x7f or a
 * backslash anywhere: in a string that is a text this reader does not decode, elsewhere invalid
 * JSON, so such a frame is the general reader's either way. Eight bytes at a time. */
static int cursor_open(Cursor *c, const char *s, Py_ssize_t n) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t high = 0, control = 0, backslash = 0;
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        high |= word;
        /* A byte below 0x20, and a byte equal to the backslash: the "has a byte less than" and
         * "has a zero byte" tricks, exact for the question "any?" when no byte is above 0x7f. */
        control |= (word - ones * 0x20) & ~word;
        uint64_t other = word ^ (ones * '\\');
        backslash |= (other - ones) & ~other;
    }
    int tail_control = 0;
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch > 0x7f || ch == '\\') {
            return 0;
        }
        tail_control |= ch < 0x20;
    }
    if ((high | backslash) & highs) {
        return 0;
    }
    c->p = s;
    c->end = s + n;
    c->no_control = !tail_control && !(control & highs);
    return 1;
}

/* A string at the cursor with no escape, no control character and no byte above 0x7f (so it is
 * the same text whatever the decoder): 1 and its bytes, or 0. */
static int read_text(Cursor *c, Text *out) {
    skip_space(c);
    if (c->p >= c->end || *c->p != '"') {
        return 0;
    }
    const char *start = ++c->p;
    if (c->no_control) {
        /* No escape, high byte or control character in the frame (cursor_open). */
        const char *quote = memchr(start, '"', (size_t)(c->end - start));
        if (quote == NULL) {
            return 0;
        }
        out->s = start;
        out->n = quote - start;
        c->p = quote + 1;
        return 1;
    }
    while (c->p < c->end) {
        unsigned char ch = (unsigned char)*c->p;
        if (ch == '"') {
            out->s = start;
            out->n = c->p - start;
            c->p++;
            return 1;
        }
        if (ch == '\\' || ch < 0x20 || ch > 0x7f) {
            return 0;
        }
        c->p++;
    }
    return 0;
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* A JSON number at the cursor, by the grammar; sets *integer when it has no fraction or
 * exponent. 1, or 0 when it is no valid number. */
static int read_number(Cursor *c, const char **start, int *integer) {
    skip_space(c);
    *start = c->p;
    *integer = 1;
    if (c->p < c->end && *c->p == '-') {
        c->p++;
    }
    if (c->p >= c->end || !is_digit(*c->p)) {
        return 0;
    }
    if (*c->p == '0') {
        c->p++;
    } else {
        while (c->p < c->end && is_digit(*c->p)) {
            c->p++;
        }
    }
    if (c->p < c->end && *c->p == '.') {
        *integer = 0;
        c->p++;
        if (c->p >= c->end || !is_digit(*c->p)) {
            return 0;
        }
        while (c->p < c->end && is_digit(*c->p)) {
            c->p++;
        }
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        *integer = 0;
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
            c->p++;
        }
        if (c->p >= c->end || !is_digit(*c->p)) {
            return 0;
        }
        while (c->p < c->end && is_digit(*c->p)) {
            c->p++;
        }
    }
    return 1;
}

/* A plain integer of at most 18 digits (it fits a long long): 1 and its value, or 0. */
static int read_int(Cursor *c, long long *out) {
    const char *start;
    int integer;
    if (!read_number(c, &start, &integer) || !integer) {
        return 0;
    }
    const char *digits = *start == '-' ? start + 1 : start;
    if (c->p - digits > 18) {
        return 0;
    }
    long long value = 0;
    for (const char *d = digits; d < c->p; d++) {
        value = value * 10 + (*d - '0');
    }
    *out = *start == '-' ? -value : value;
    return 1;
}

static int take_word(Cursor *c, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) >= n && memcmp(c->p, word, n) == 0) {
        c->p += n;
        return 1;
    }
    return 0;
}

/* Step over a scalar nobody reads (a string, number, true, false or null); 0 for anything else. */
static int skip_scalar(Cursor *c) {
    skip_space(c);
    if (c->p >= c->end) {
        return 0;
    }
    char ch = *c->p;
    if (ch == '"') {
        Text ignored;
        return read_text(c, &ignored);
    }
    if (ch == 't') {
        return take_word(c, "true");
    }
    if (ch == 'f') {
        return take_word(c, "false");
    }
    if (ch == 'n') {
        return take_word(c, "null");
    }
    const char *start;
    int integer;
    return read_number(c, &start, &integer);
}

/* A null at the cursor: 1 (and steps over it), else 0 with the cursor unmoved. */
static int take_null(Cursor *c) {
    skip_space(c);
    return take_word(c, "null");
}

static int is_key(const Text *key, const char *name) {
    size_t n = strlen(name);
    return (size_t)key->n == n && memcmp(key->s, name, n) == 0;
}

/* A name an object's key is compared with, its length counted once. */
typedef struct {
    const char *name;
    Py_ssize_t n;
} Name;

#define NAME(text) {text, sizeof(text) - 1}

/* One more key of an object: 1 and the key (the cursor after its colon), 0 at the end of the
 * object (the cursor after it), -1 when the text is not an object's next key. *first is set to 0
 * after the first key. */
static int next_key(Cursor *c, int *first, Text *key) {
    if (take(c, '}')) {
        return 0;
    }
    if (!*first && !take(c, ',')) {
        return -1;
    }
    *first = 0;
    if (!read_text(c, key) || !take(c, ':')) {
        return -1;
    }
    return 1;
}

/* Which of ``names`` (ended by {NULL, 0}) ``key`` is, as a bit (1 for the first name, 2 for the
 * second...), 0 for a key nobody reads, -1 for a name already in *seen (a key given twice: the
 * general reader keeps the last, so the frame is not read here); the bit is added to *seen. */
static int field_of(const Text *key, const Name names[], int *seen) {
    for (int i = 0; names[i].name != NULL; i++) {
        if (key->n == names[i].n && memcmp(key->s, names[i].name, (size_t)key->n) == 0) {
            int field = 1 << i;
            if (*seen & field) {
                return -1;
            }
            *seen |= field;
            return field;
        }
    }
    return 0;
}

static int only_space_left(Cursor *c) {
    skip_space(c);
    return c->p == c->end;
}

/* A decimal text of the plain form -?D+(.D+)? as a whole number of 10^-places (the exact value of
 * Decimal(text) * 10^places, as domain.books.price_ticks / size_units take it): 1 and the number,
 * or 0 for any other form (an exponent, a sign +, a dot without digits, a space: the general
 * reader reads those), a non-zero digit past `places` decimals (off the grid: the general reader
 * names it malformed), or a number of more than 18 digits once scaled. */
static int read_fixed(const Text *t, int places, long long *out) {
    const char *p = t->s;
    const char *end = t->s + t->n;
    int negative = p < end && *p == '-';
    if (negative) {
        p++;
    }
    if (p >= end || !is_digit(*p)) {
        return 0;
    }
    while (p + 1 < end && *p == '0' && is_digit(p[1])) {
        p++;
    }
    const char *whole = p;
    while (p < end && is_digit(*p)) {
        p++;
    }
    if (p - whole > 18 - places) {
        return 0;
    }
    long long value = 0;
    for (const char *d = whole; d < p; d++) {
        value = value * 10 + (*d - '0');
    }
    for (int i = 0; i < places; i++) {
        value *= 10;
    }
    if (p < end) {
        if (*p != '.' || ++p >= end) {
            return 0;
        }
        long long scale = 1; /* the first decimal's weight, 10^(places - 1) */
        for (int i = 1; i < places; i++) {
            scale *= 10;
        }
        for (int i = 0; p < end; p++, i++) {
            if (!is_digit(*p)) {
                return 0;
            }
            if (i < places) {
                value += (*p - '0') * scale;
                scale /= 10;
            } else if (*p != '0') {
                return 0;
            }
        }
    }
    *out = negative ? -value : value;
    return 1;
}

#endif
