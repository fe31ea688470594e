/* Polymarket's price_change read, checked and applied in C: the part of hot_frames.c for that
 * venue, included there (at this point of the file) and nowhere else, so its functions are static
 * and see the module's bound objects and slot helpers. The rules are a copy of Python's, held equal
 * by the differential tests: see the top of hot_frames.c. */
#ifndef ARB_HOT_POLYMARKET_H
#define ARB_HOT_POLYMARKET_H

/* ---------------------------------------------------------------------------------------------
 * Polymarket price_change (polymarket.ws_books._plain_changes and PolymarketBooks._apply_changes
 * in Python)
 */

static const Name CHANGE_FIELDS[] = {NAME("event_type"), NAME("market"), NAME("timestamp"), NAME("price_changes"), {NULL, 0}};
enum { P_EVENT = 1, P_MARKET = 2, P_STAMP = 4, P_CHANGES = 8 };
static const Name ENTRY_FIELDS[] = {NAME("asset_id"), NAME("side"), NAME("price"), NAME("size"), NAME("hash"), {NULL, 0}};
enum { E_ASSET = 1, E_SIDE = 2, E_PRICE = 4, E_SIZE = 8, E_HASH = 16 };
#define P_NEEDED (P_EVENT | P_STAMP | P_CHANGES)
#define E_NEEDED (E_ASSET | E_SIDE | E_PRICE | E_SIZE)

/* One entry of price_changes, checked; `book` and the rest are filled when it is applied. */
typedef struct {
    Text asset, hash;
    int has_hash, bid;
    long long price, size;
    PyObject *token, *book, *price_key; /* new references, or NULL */
    PyObject *map, *levels;             /* borrowed from the book */
} Entry;

typedef struct {
    Entry *items;
    Py_ssize_t n, capacity;
    Entry inline_items[8];
} Entries;

static void entries_release(Entries *entries) {
    for (Py_ssize_t i = 0; i < entries->n; i++) {
        Entry *e = &entries->items[i];
        Py_XDECREF(e->token);
        Py_XDECREF(e->book);
        Py_XDECREF(e->price_key);
    }
    if (entries->items != entries->inline_items) {
        PyMem_Free(entries->items);
    }
}

/* A new entry at the end, zeroed; NULL with an error set when memory ran out. */
static Entry *entries_add(Entries *entries) {
    if (entries->n == entries->capacity) {
        Py_ssize_t capacity = entries->capacity * 2;
        Entry *items = PyMem_Calloc((size_t)capacity, sizeof(Entry));
        if (items == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        memcpy(items, entries->items, (size_t)entries->n * sizeof(Entry));
        if (entries->items != entries->inline_items) {
            PyMem_Free(entries->items);
        }
        entries->items = items;
        entries->capacity = capacity;
    }
    Entry *e = &entries->items[entries->n++];
    memset(e, 0, sizeof(Entry));
    return e;
}

/* One entry of the plain form with usual values (SIDES, a price of 0 to $1, a size >= 0, a
 * non-empty asset_id, a text or null or no hash): 1, or 0 when it is anything else. */
static int read_change(Cursor *c, Entry *e) {
    if (!take(c, '{')) {
        return 0;
    }
    Text key, side, price, size;
    int seen = 0, first = 1, got, hash_null = 0;
    while ((got = next_key(c, &first, &key)) == 1) {
        int field = field_of(&key, ENTRY_FIELDS, &seen);
        int ok = field >= 0 && (field == E_ASSET   ? read_text(c, &e->asset)
                 : field == E_SIDE  ? read_text(c, &side)
                 : field == E_PRICE ? read_text(c, &price)
                 : field == E_SIZE  ? read_text(c, &size)
                 : field == E_HASH  ? (hash_null = take_null(c)) || read_text(c, &e->hash)
                                    : skip_scalar(c));
        if (!ok) {
            return 0;
        }
    }
    if (got != 0 || (seen & E_NEEDED) != E_NEEDED) {
        return 0;
    }
    e->has_hash = (seen & E_HASH) && !hash_null;
    /* polymarket.parsing.ws_messages.SIDES */
    e->bid = is_key(&side, "BUY") || is_key(&side, "buy");
    if (!e->bid && !is_key(&side, "SELL") && !is_key(&side, "sell")) {
        return 0;
    }
    return e->asset.n > 0 && read_fixed(&price, PRICE_PLACES, &e->price) && 0 <= e->price &&
           e->price <= TICKS_PER_DOLLAR && read_fixed(&size, SIZE_PLACES, &e->size) && e->size >= 0;
}

/* The frame's entries and venue time in ns: 1, 0 when not plain (-1 with an error set). */
static int read_price_change(PyObject *frame, Entries *entries, long long *venue_ns) {
    Cursor c;
    Text key, event, market, stamp;
    int seen = 0, first = 1, got;
    if (!cursor_open(&c, PyBytes_AS_STRING(frame), PyBytes_GET_SIZE(frame)) || !take(&c, '{')) {
        return 0;
    }
    while ((got = next_key(&c, &first, &key)) == 1) {
        int field = field_of(&key, CHANGE_FIELDS, &seen);
        if (field < 0) {
            return 0;
        }
        int ok;
        if (field == P_CHANGES) {
            if (!take(&c, '[')) {
                return 0;
            }
            if (!take(&c, ']')) {
                do {
                    Entry *e = entries_add(entries);
                    if (e == NULL) {
                        return -1;
                    }
                    if (!read_change(&c, e)) {
                        return 0;
                    }
                } while (take(&c, ','));
                if (!take(&c, ']')) {
                    return 0;
                }
            }
            ok = 1;
        } else {
            ok = field == P_EVENT    ? read_text(&c, &event) && is_key(&event, "price_change")
                 : field == P_MARKET ? take_null(&c) || read_text(&c, &market)
                 : field == P_STAMP  ? read_text(&c, &stamp)
                                     : skip_scalar(&c);
        }
        if (!ok) {
            return 0;
        }
    }
    if (got != 0 || (seen & P_NEEDED) != P_NEEDED || !only_space_left(&c)) {
        return 0;
    }
    /* Epoch ms as 13 digits, no leading zero; in ns it must fit (up to the year 2262). */
    if (stamp.n != 13 || stamp.s[0] == '0') {
        return 0;
    }
    long long ms = 0;
    for (Py_ssize_t i = 0; i < stamp.n; i++) {
        if (!is_digit(stamp.s[i])) {
            return 0;
        }
        ms = ms * 10 + (stamp.s[i] - '0');
    }
    if (ms > LLONG_MAX / 1000000) {
        return 0;
    }
    *venue_ns = ms * 1000000;
    return 1;
}

/* A Polymarket frame applied (polymarket_apply and the batches of hot_batch.h), each book it
 * changed given to `sink` once, in the order first changed: -1 with an error set, 0 not plain
 * (nothing changed), 1 applied. `tops`: a set each token is added to when a change may have moved
 * its top of book (the bids' highest level, the asks' lowest: PolymarketBooks.tops_touched), or
 * None. */
static int polymarket_frame(PyObject *frame, PyObject *subscribed, PyObject *books, PyObject *unannounced, PyObject *tops,
                            Sink *sink) {
    if (!PyBytes_CheckExact(frame)) {
        return 0;
    }
    /* The inline entries are zeroed one by one as they are taken (entries_add). */
    Entries entries;
    entries.n = 0;
    entries.capacity = 8;
    entries.items = entries.inline_items;
    PyObject *received_ns = NULL, *venue_ns = NULL;
    long long venue_ns_value = 0;
    int result = read_price_change(frame, &entries, &venue_ns_value);
    if (result <= 0) {
        goto done;
    }
    result = -1;
    /* Each entry's book, found before anything changes: an entry for a token not subscribed is
     * skipped, one for a subscribed token with no book yet is the general path's (it counts it). */
    for (Py_ssize_t i = 0; i < entries.n; i++) {
        Entry *e = &entries.items[i];
        e->token = text_object(&e->asset);
        if (e->token == NULL) {
            goto done;
        }
        int is_subscribed = PyDict_Contains(subscribed, e->token);
        if (is_subscribed < 0) {
            goto done;
        }
        if (!is_subscribed) {
            continue;
        }
        e->book = PyDict_GetItemWithError(books, e->token);
        if (e->book == NULL) {
            result = PyErr_Occurred() ? -1 : 0;
            goto done;
        }
        Py_INCREF(e->book);
        if (book_side(e->book, token_book_type, e->bid ? t_bids : t_asks, &e->map, &e->levels) < 0 ||
            (e->price_key = PyLong_FromLongLong(e->price)) == NULL) {
            goto done;
        }
    }
    /* Applied in order; each book changed is stamped and named once, in the order first changed. */
    Py_ssize_t unannounced_count = PyDict_GET_SIZE(unannounced);
    for (Py_ssize_t i = 0; i < entries.n; i++) {
        Entry *e = &entries.items[i];
        if (e->book == NULL) {
            continue;
        }
        int at_high, at_low;
        if (level_change(e->map, e->levels, e->price_key, e->price, e->size, &at_high, &at_low) < 0 ||
            ((e->bid ? at_high : at_low) && tops != Py_None && PySet_Add(tops, e->token) < 0)) {
            goto done;
        }
        PyObject *hash = e->has_hash ? text_object(&e->hash) : Py_NewRef(Py_None);
        if (hash == NULL) {
            goto done;
        }
        slot_set(e->book, t_hash, hash);
        if (unannounced_count && e->has_hash) {
            /* A state an audit found ahead of the stream, now announced by it. */
            PyObject *ahead = PyDict_GetItemWithError(unannounced, e->token);
            int same = ahead == NULL ? 0 : PyObject_RichCompareBool(ahead, hash, Py_EQ);
            if (PyErr_Occurred() || (same == 1 && PyDict_DelItem(unannounced, e->token) < 0)) {
                Py_DECREF(hash);
                goto done;
            }
            unannounced_count = PyDict_GET_SIZE(unannounced);
        }
        Py_DECREF(hash);
    }
    received_ns = now_ns();
    venue_ns = received_ns == NULL ? NULL : PyLong_FromLongLong(venue_ns_value);
    if (venue_ns == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < entries.n; i++) {
        Entry *e = &entries.items[i];
        int first_of_book = e->book != NULL;
        for (Py_ssize_t j = 0; first_of_book && j < i; j++) {
            first_of_book = entries.items[j].book != e->book;
        }
        if (!first_of_book) {
            continue;
        }
        slot_set(e->book, t_received, received_ns);
        slot_set(e->book, t_venue, venue_ns);
        if (sink_take(sink, polymarket_venue, e->token, received_ns, venue_ns) < 0) {
            goto done;
        }
    }
    result = 1;
done:
    entries_release(&entries);
    Py_XDECREF(received_ns);
    Py_XDECREF(venue_ns);
    return result;
}

/* polymarket_apply(frame, subscribed, books, unannounced, tops) -> [BookUpdate, ...] or NOT_PLAIN. */
static PyObject *polymarket_apply(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5 || !tops_ok(args[4])) {
        PyErr_SetString(PyExc_TypeError, "polymarket_apply takes (frame, subscribed, books, unannounced, tops: set or None)");
        return NULL;
    }
    Sink sink = {PyList_New(0), NULL, 0};
    if (sink.updates == NULL) {
        return NULL;
    }
    int applied = polymarket_frame(args[0], args[1], args[2], args[3], args[4], &sink);
    if (applied == 1) {
        return sink.updates;
    }
    Py_DECREF(sink.updates);
    return applied < 0 ? NULL : not_plain_result();
}

#endif
