/* The venue clients' usual frames read in C: the fields of a Kalshi orderbook_delta and of a
 * Polymarket price_change, straight from the frame's bytes, with no dict per object
 * (docs/streamer.md#the-compiled-frame-reader).
 *
 * A reader only: it checks no rule of the venues. Each function returns the fields exactly as
 * orjson.loads and the clients' dict reads would give them, or None whenever the frame is
 * anything but the plain form it knows: an escape or a byte above 0x7f in a string, a nested
 * value where a scalar belongs, a number that is not a plain integer where an integer belongs, a
 * field missing or repeated, a value of another JSON type, invalid JSON, anything after the
 * object. None sends the frame to the general reader (orjson and the checked decoders), which
 * decides what it is, malformed included. Built as arb_pipeline.venues._hot_frames when a C
 * compiler is there (setup.py, optional); arb_pipeline.venues.hot_frames says which is in use.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    const char *p;
    const char *end;
} Cursor;

/* A string's bytes between its quotes. */
typedef struct {
    const char *s;
    Py_ssize_t n;
} Text;

static void skip_space(Cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

static int take(Cursor *c, char ch) {
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A string at the cursor with no escape, no control character and no byte above 0x7f (so it is
 * the same text whatever the decoder): 1 and its bytes, or 0. */
static int read_text(Cursor *c, Text *out) {
    skip_space(c);
    if (c->p >= c->end || *c->p != '"') {
        return 0;
    }
    const char *start = ++c->p;
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

/* The string's text: its bytes are ASCII (read_text), so they are copied as they are. */
static PyObject *text_object(const Text *t) {
    PyObject *text = PyUnicode_New(t->n, 127);
    if (text != NULL) {
        memcpy(PyUnicode_1BYTE_DATA(text), t->s, (size_t)t->n);
    }
    return text;
}

/* A tuple of ``n`` new references (NULL for a failed one: then NULL, all released). */
static PyObject *tuple_of(Py_ssize_t n, PyObject *items[]) {
    PyObject *tuple = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (tuple == NULL || items[i] == NULL) {
            Py_XDECREF(items[i]);
            continue;
        }
        PyTuple_SET_ITEM(tuple, i, items[i]);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (items[i] == NULL) {
            Py_XDECREF(tuple);
            return NULL;
        }
    }
    return tuple;
}

/* Which of ``names`` (NULL-terminated) ``key`` is, as a bit (1 for the first name, 2 for the
 * second...), 0 for a key nobody reads, -1 for a name already in *seen (a key given twice: the
 * general reader keeps the last, so the frame is not read here); the bit is added to *seen. */
static int field_of(const Text *key, const char *const names[], int *seen) {
    for (int i = 0; names[i] != NULL; i++) {
        if (is_key(key, names[i])) {
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

/* Kalshi's orderbook_delta fields. */
static const char *const DELTA_FIELDS[] = {"type", "sid", "seq", "msg", NULL};
enum { K_TYPE = 1, K_SID = 2, K_SEQ = 4, K_MSG = 8 };
static const char *const MSG_FIELDS[] = {"market_ticker", "side", "price_dollars", "delta_fp", "ts_ms", NULL};
enum { M_TICKER = 1, M_SIDE = 2, M_PRICE = 4, M_SIZE = 8, M_TS = 16 };
#define K_ALL (K_TYPE | K_SID | K_SEQ | K_MSG)
#define M_ALL (M_TICKER | M_SIDE | M_PRICE | M_SIZE | M_TS)

static int read_delta_msg(Cursor *c, Text *ticker, Text *side, Text *price, Text *size, long long *ts_ms) {
    if (!take(c, '{')) {
        return 0;
    }
    int seen = 0, first = 1, got;
    Text key;
    while ((got = next_key(c, &first, &key)) == 1) {
        int field = field_of(&key, MSG_FIELDS, &seen);
        int ok = field >= 0 && (field == M_TICKER  ? read_text(c, ticker)
                 : field == M_SIDE  ? read_text(c, side)
                 : field == M_PRICE ? read_text(c, price)
                 : field == M_SIZE  ? read_text(c, size)
                 : field == M_TS    ? read_int(c, ts_ms)
                                    : skip_scalar(c));
        if (!ok) {
            return 0;
        }
    }
    return got == 0 && seen == M_ALL;
}

/* kalshi_delta(frame) -> (sid, seq, market_ticker, side, price_dollars, delta_fp, ts_ms) or None */
static PyObject *kalshi_delta(PyObject *module, PyObject *frame) {
    if (!PyBytes_CheckExact(frame)) {
        Py_RETURN_NONE;
    }
    Cursor c = {PyBytes_AS_STRING(frame), PyBytes_AS_STRING(frame) + PyBytes_GET_SIZE(frame)};
    Text key, type, ticker, side, price, size;
    long long sid = 0, seq = 0, ts_ms = 0;
    int seen = 0, first = 1, got;
    if (!take(&c, '{')) {
        Py_RETURN_NONE;
    }
    while ((got = next_key(&c, &first, &key)) == 1) {
        int field = field_of(&key, DELTA_FIELDS, &seen);
        int ok = field >= 0 && (field == K_TYPE  ? read_text(&c, &type) && is_key(&type, "orderbook_delta")
                 : field == K_SID ? read_int(&c, &sid)
                 : field == K_SEQ ? read_int(&c, &seq)
                 : field == K_MSG ? read_delta_msg(&c, &ticker, &side, &price, &size, &ts_ms)
                                  : skip_scalar(&c));
        if (!ok) {
            Py_RETURN_NONE;
        }
    }
    if (got != 0 || seen != K_ALL || !only_space_left(&c)) {
        Py_RETURN_NONE;
    }
    PyObject *items[] = {PyLong_FromLongLong(sid), PyLong_FromLongLong(seq), text_object(&ticker), text_object(&side),
                         text_object(&price), text_object(&size), PyLong_FromLongLong(ts_ms)};
    return tuple_of(7, items);
}

/* Polymarket's price_change fields. */
static const char *const CHANGE_FIELDS[] = {"event_type", "market", "timestamp", "price_changes", NULL};
enum { P_EVENT = 1, P_MARKET = 2, P_STAMP = 4, P_CHANGES = 8 };
static const char *const ENTRY_FIELDS[] = {"asset_id", "side", "price", "size", "hash", NULL};
enum { E_ASSET = 1, E_SIDE = 2, E_PRICE = 4, E_SIZE = 8, E_HASH = 16 };
#define P_NEEDED (P_EVENT | P_STAMP | P_CHANGES)
#define E_NEEDED (E_ASSET | E_SIDE | E_PRICE | E_SIZE)

/* One entry of price_changes as (asset_id, side, price, size, hash or None); NULL with no error
 * set when it is not of the plain form. */
static PyObject *read_change(Cursor *c) {
    if (!take(c, '{')) {
        return NULL;
    }
    Text key, asset, side, price, size, hash;
    int seen = 0, first = 1, got, hash_null = 0;
    while ((got = next_key(c, &first, &key)) == 1) {
        int field = field_of(&key, ENTRY_FIELDS, &seen);
        int ok = field >= 0 && (field == E_ASSET   ? read_text(c, &asset)
                 : field == E_SIDE  ? read_text(c, &side)
                 : field == E_PRICE ? read_text(c, &price)
                 : field == E_SIZE  ? read_text(c, &size)
                 : field == E_HASH  ? (hash_null = take_null(c)) || read_text(c, &hash)
                                    : skip_scalar(c));
        if (!ok) {
            return NULL;
        }
    }
    if (got != 0 || (seen & E_NEEDED) != E_NEEDED) {
        return NULL;
    }
    PyObject *hash_object;
    if ((seen & E_HASH) && !hash_null) {
        hash_object = text_object(&hash);
    } else {
        hash_object = Py_NewRef(Py_None);
    }
    PyObject *items[] = {text_object(&asset), text_object(&side), text_object(&price), text_object(&size), hash_object};
    return tuple_of(5, items);
}

/* The price_changes array as a list of entries; NULL (no error set) when it is not plain. */
static PyObject *read_changes(Cursor *c) {
    if (!take(c, '[')) {
        return NULL;
    }
    PyObject *entries = PyList_New(0);
    if (entries == NULL) {
        return NULL;
    }
    if (take(c, ']')) {
        return entries;
    }
    do {
        PyObject *entry = read_change(c);
        if (entry == NULL || PyList_Append(entries, entry) < 0) {
            Py_XDECREF(entry);
            Py_DECREF(entries);
            return NULL;
        }
        Py_DECREF(entry);
    } while (take(c, ','));
    if (!take(c, ']')) {
        Py_DECREF(entries);
        return NULL;
    }
    return entries;
}

/* polymarket_price_change(frame) -> (market or None, timestamp, [(asset_id, side, price, size,
 * hash or None), ...]) or None */
static PyObject *polymarket_price_change(PyObject *module, PyObject *frame) {
    if (!PyBytes_CheckExact(frame)) {
        Py_RETURN_NONE;
    }
    Cursor c = {PyBytes_AS_STRING(frame), PyBytes_AS_STRING(frame) + PyBytes_GET_SIZE(frame)};
    Text key, event, market, stamp;
    PyObject *changes = NULL;
    int seen = 0, first = 1, got, market_null = 0;
    if (!take(&c, '{')) {
        Py_RETURN_NONE;
    }
    while ((got = next_key(&c, &first, &key)) == 1) {
        int field = field_of(&key, CHANGE_FIELDS, &seen);
        if (field < 0) {
            goto not_plain;
        }
        int ok;
        if (field == P_CHANGES) {
            changes = read_changes(&c);
            ok = changes != NULL;
        } else {
            ok = field == P_EVENT    ? read_text(&c, &event) && is_key(&event, "price_change")
                 : field == P_MARKET ? (market_null = take_null(&c)) || read_text(&c, &market)
                 : field == P_STAMP  ? read_text(&c, &stamp)
                                     : skip_scalar(&c);
        }
        if (!ok) {
            goto not_plain;
        }
    }
    if (got != 0 || (seen & P_NEEDED) != P_NEEDED || !only_space_left(&c)) {
        goto not_plain;
    }
    PyObject *market_object = (seen & P_MARKET) && !market_null ? text_object(&market) : Py_NewRef(Py_None);
    PyObject *items[] = {market_object, text_object(&stamp), changes};
    return tuple_of(3, items);

not_plain:
    Py_XDECREF(changes);
    if (PyErr_Occurred()) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"kalshi_delta", kalshi_delta, METH_O,
     "A Kalshi orderbook_delta frame's (sid, seq, market_ticker, side, price_dollars, delta_fp, ts_ms), or None."},
    {"polymarket_price_change", polymarket_price_change, METH_O,
     "A Polymarket price_change frame's (market, timestamp, [(asset_id, side, price, size, hash)]), or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hot_frames", NULL, -1, methods};

PyMODINIT_FUNC PyInit__hot_frames(void) { return PyModule_Create(&module); }
