/* The venue clients' usual frames read and applied in C: a Kalshi orderbook_delta and a Polymarket
 * price_change, from the frame's bytes to the live book's levels, with no Python object per field
 * and no Python call per level (docs/streamer.md#the-compiled-book-change).
 *
 * A SECOND COPY OF RULES WRITTEN IN PYTHON. The reference is Python and stays the path wherever
 * this extension is not built: KalshiBooks._plain_delta and ._apply_delta
 * (venues/kalshi/ws_books.py), polymarket.ws_books._plain_changes and
 * PolymarketBooks._apply_changes, and domain.books.LevelMap.add / .set for the kept best prices.
 * A change to any of them must be made here too; arb_pipeline_tests/venues/test_hot_frames.py
 * feeds recorded and random frames (gaps, snapshots, deletes, malformed ones) to both paths and
 * requires the same books, kept best prices, counts, commands, logs and updates.
 *
 * The split: each function reads the frame and checks every rule before anything changes. For
 * anything but the plain, usual case it returns NOT_PLAIN with nothing changed, and the client
 * reads the frame again the general way (orjson and the checked decoders), which logs, counts and
 * skips what is malformed and resyncs a gap: a frame that is not the plain JSON form (an escape or
 * a byte above 0x7f in a string, a nested value where a scalar belongs, a key given twice...), a
 * price or size text not of the form -?D+(.D+)? or off the tick grid, a Kalshi seq that is not the
 * next, a Polymarket entry for a subscribed token with no book yet. hot_batch.h applies a socket
 * read's frames in one call with these same functions (docs/streamer.md#the-read-applied-in-one-call).
 * Built as arb_pipeline.venues._hot_frames where a C compiler is there (setup.py, optional);
 * arb_pipeline.venues.hot_frames says which path is in use.
 */
#include "hot_json.h"
#include "structmember.h"

/* What bind() was given: the clients' constants, the sentinel, the live books' classes and the
 * offsets of the slots read and written here. */
static PyTypeObject *book_update_type, *kalshi_book_type, *token_book_type, *level_map_type;
static PyObject *kalshi_venue, *polymarket_venue, *delta_kind, *time_ns, *not_plain;
static long long ms_first, ms_last; /* domain.books.MS_RANGE, last included */
static Py_ssize_t k_yes, k_no, k_received, k_venue; /* KalshiTickBook */
static Py_ssize_t t_bids, t_asks, t_received, t_venue, t_hash; /* TokenTickBook */
static Py_ssize_t m_levels, m_high, m_low; /* LevelMap */

/* domain.books.TICKS_PER_DOLLAR */
#define TICKS_PER_DOLLAR 10000
/* Decimal places of a price in ticks and of a size in units (domain.books). */
#define PRICE_PLACES 4
#define SIZE_PLACES 6

/* NOT_PLAIN, as a function's result. */
static PyObject *not_plain_result(void) { return Py_NewRef(not_plain); }

/* The string's text: its bytes are ASCII (read_text), so they are copied as they are. */
static PyObject *text_object(const Text *t) {
    PyObject *text = PyUnicode_New(t->n, 127);
    if (text != NULL) {
        memcpy(PyUnicode_1BYTE_DATA(text), t->s, (size_t)t->n);
    }
    return text;
}

/* A BookUpdate(venue, instrument, DELTA, received_ns, venue_ns), as tuple.__new__ makes it. */
static PyObject *book_update(PyObject *venue, PyObject *instrument, PyObject *received_ns, PyObject *venue_ns) {
    PyObject *update = book_update_type->tp_alloc(book_update_type, 5);
    if (update == NULL) {
        return NULL;
    }
    PyObject *items[] = {venue, instrument, delta_kind, received_ns, venue_ns};
    for (Py_ssize_t i = 0; i < 5; i++) {
        PyTuple_SET_ITEM(update, i, Py_NewRef(items[i]));
    }
    return update;
}

/* `tops` as the functions take it: a set, or None. */
static int tops_ok(PyObject *tops) { return tops == Py_None || PySet_CheckExact(tops); }

/* Where a frame's book changes go: each one's BookUpdate appended to `updates` (a list) and the
 * book marked in `changed` (a dict: instrument -> the receive time of its first change, kept when
 * the book is there already), either being NULL; `changes` counts them. */
typedef struct {
    PyObject *updates, *changed;
    Py_ssize_t changes;
} Sink;

/* 0, or -1 with an error set. */
static int sink_take(Sink *sink, PyObject *venue, PyObject *instrument, PyObject *received_ns, PyObject *venue_ns) {
    if (sink->changed != NULL && PyDict_SetDefault(sink->changed, instrument, received_ns) == NULL) {
        return -1;
    }
    if (sink->updates != NULL) {
        PyObject *update = book_update(venue, instrument, received_ns, venue_ns);
        if (update == NULL || PyList_Append(sink->updates, update) < 0) {
            Py_XDECREF(update);
            return -1;
        }
        Py_DECREF(update);
    }
    sink->changes++;
    return 0;
}

/* The live books' attributes are __slots__ (domain.books): read and written at the offsets their
 * member descriptors give (bind), as Python's own attribute access does, without its lookup by
 * name. Only on objects of exactly the bound classes (checked by book_side). */
#define SLOT(owner, offset) (*(PyObject **)((char *)(owner) + (offset)))

/* A slot's value (borrowed), or NULL with AttributeError for a slot never set, as Python says. */
static PyObject *slot_get(PyObject *owner, Py_ssize_t offset) {
    PyObject *value = SLOT(owner, offset);
    if (value == NULL) {
        PyErr_Format(PyExc_AttributeError, "a slot of this %s was never set", Py_TYPE(owner)->tp_name);
    }
    return value;
}

static void slot_set(PyObject *owner, Py_ssize_t offset, PyObject *value) {
    PyObject *old = SLOT(owner, offset);
    SLOT(owner, offset) = Py_NewRef(value);
    Py_XDECREF(old);
}

/* One side of a live book: its LevelMap and the map's dict of levels (both borrowed: the book
 * holds them). 0, or -1 with an error set when the book or the map is not of the bound class. */
static int book_side(PyObject *book, PyTypeObject *book_type, Py_ssize_t side, PyObject **map, PyObject **levels) {
    if (!Py_IS_TYPE(book, book_type)) {
        PyErr_Format(PyExc_TypeError, "a live book must be a %s, got %s", book_type->tp_name, Py_TYPE(book)->tp_name);
        return -1;
    }
    *map = slot_get(book, side);
    if (*map == NULL) {
        return -1;
    }
    if (!Py_IS_TYPE(*map, level_map_type)) {
        PyErr_Format(PyExc_TypeError, "a live book's side must be a LevelMap, got %s", Py_TYPE(*map)->tp_name);
        return -1;
    }
    *levels = slot_get(*map, m_levels);
    if (*levels != NULL && !PyDict_CheckExact(*levels)) {
        PyErr_SetString(PyExc_TypeError, "a live book's levels must be a dict");
        return -1;
    }
    return *levels == NULL ? -1 : 0;
}

/* A kept best price of a level map (_high or _low): *known = 0 for None. 0, or -1 with an error
 * set. */
static int kept_best(PyObject *map, Py_ssize_t offset, int *known, long long *value) {
    PyObject *held = slot_get(map, offset);
    if (held == NULL) {
        return -1;
    }
    *known = held != Py_None;
    *value = *known ? PyLong_AsLongLong(held) : 0;
    return *known && *value == -1 && PyErr_Occurred() ? -1 : 0;
}

/* The level at `price` set to `size` (> 0) or removed (<= 0), the kept highest and lowest prices
 * updated as LevelMap.set / LevelMap.add do: a level placed beyond a kept best becomes it, a
 * removed level that was a kept best makes it unknown (None, found again when asked). *at_high and
 * *at_low say whether the change may have moved the side's highest or lowest level (its price or
 * size): the kept best was unknown, or the price is at or beyond it (LevelMap.may_move_highest and
 * .may_move_lowest).
 * 0, or -1 with an error set. */
static int level_change(PyObject *map, PyObject *levels, PyObject *price_key, long long price, long long size, int *at_high,
                        int *at_low) {
    int known_high, known_low;
    long long high, low;
    if (kept_best(map, m_high, &known_high, &high) < 0 || kept_best(map, m_low, &known_low, &low) < 0) {
        return -1;
    }
    *at_high = !known_high || price >= high;
    *at_low = !known_low || price <= low;
    if (size > 0) {
        PyObject *value = PyLong_FromLongLong(size);
        if (value == NULL || PyDict_SetItem(levels, price_key, value) < 0) {
            Py_XDECREF(value);
            return -1;
        }
        Py_DECREF(value);
        if (known_high && price > high) {
            slot_set(map, m_high, price_key);
        }
        if (known_low && price < low) {
            slot_set(map, m_low, price_key);
        }
        return 0;
    }
    PyObject *old = PyDict_GetItemWithError(levels, price_key);
    if (old == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (PyDict_DelItem(levels, price_key) < 0) {
        return -1;
    }
    if (known_high && high == price) {
        slot_set(map, m_high, Py_None);
    }
    if (known_low && low == price) {
        slot_set(map, m_low, Py_None);
    }
    return 0;
}

/* The receive time now, as time.time_ns() gives it (a new reference). */
static PyObject *now_ns(void) { return PyObject_CallNoArgs(time_ns); }

/* ---------------------------------------------------------------------------------------------
 * Kalshi orderbook_delta (KalshiBooks._plain_delta and ._apply_delta in Python)
 */

static const Name DELTA_FIELDS[] = {NAME("type"), NAME("sid"), NAME("seq"), NAME("msg"), {NULL, 0}};
enum { K_TYPE = 1, K_SID = 2, K_SEQ = 4, K_MSG = 8 };
static const Name MSG_FIELDS[] = {NAME("market_ticker"), NAME("side"), NAME("price_dollars"), NAME("delta_fp"), NAME("ts_ms"), {NULL, 0}};
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

/* A plain delta's fields, checked as _plain_delta checks them. 1, or 0 when not plain. */
typedef struct {
    long long sid, seq, price, size, ts_ms;
    Text ticker;
    int yes;
} Delta;

static int read_delta(PyObject *frame, Delta *d) {
    Cursor c;
    Text key, type, side, price, size;
    int seen = 0, first = 1, got;
    if (!cursor_open(&c, PyBytes_AS_STRING(frame), PyBytes_GET_SIZE(frame)) || !take(&c, '{')) {
        return 0;
    }
    while ((got = next_key(&c, &first, &key)) == 1) {
        int field = field_of(&key, DELTA_FIELDS, &seen);
        int ok = field >= 0 && (field == K_TYPE  ? read_text(&c, &type) && is_key(&type, "orderbook_delta")
                 : field == K_SID ? read_int(&c, &d->sid)
                 : field == K_SEQ ? read_int(&c, &d->seq)
                 : field == K_MSG ? read_delta_msg(&c, &d->ticker, &side, &price, &size, &d->ts_ms)
                                  : skip_scalar(&c));
        if (!ok) {
            return 0;
        }
    }
    if (got != 0 || seen != K_ALL || !only_space_left(&c)) {
        return 0;
    }
    d->yes = is_key(&side, "yes");
    /* ts_ms * 1,000,000 must fit: epoch ms up to the year 2262. */
    return (d->yes || is_key(&side, "no")) && read_fixed(&price, PRICE_PLACES, &d->price) && 0 < d->price &&
           d->price < TICKS_PER_DOLLAR && read_fixed(&size, SIZE_PLACES, &d->size) && ms_first <= d->ts_ms &&
           d->ts_ms <= ms_last && d->ts_ms <= LLONG_MAX / 1000000 && d->ts_ms >= LLONG_MIN / 1000000;
}

/* A Kalshi frame applied (kalshi_apply and the batches of hot_batch.h): -1 with an error set, 0 not
 * plain (nothing changed), 1 its seq taken and no book changed, 2 a book changed: *ticker,
 * *received_ns and *venue_ns are then new references. `tops`: a set the ticker is added to when
 * the change may have moved its top of book (either side's highest level:
 * KalshiBooks.tops_touched), or None. */
static int kalshi_frame(PyObject *frame, PyObject *last_seq, PyObject *books, PyObject *synced, PyObject *book_sid,
                        PyObject *tops, PyObject **ticker_out, PyObject **received_out, PyObject **venue_out) {
    Delta d;
    if (!PyBytes_CheckExact(frame) || !read_delta(frame, &d)) {
        return 0;
    }
    PyObject *sid = NULL, *seq = NULL, *ticker = NULL, *book = NULL, *price_key = NULL, *map, *levels;
    PyObject *received_ns = NULL, *venue_ns = NULL;
    int overflow, result = -1;
    sid = PyLong_FromLongLong(d.sid);
    if (sid == NULL) {
        goto done;
    }
    /* The subscription's next seq only: a gap, a repeat or an unknown sid is the general path's. */
    PyObject *last = PyDict_GetItemWithError(last_seq, sid);
    long long last_value = last != NULL && PyLong_Check(last) ? PyLong_AsLongLongAndOverflow(last, &overflow) : 0;
    if (last == NULL || !PyLong_Check(last) || overflow || last_value != d.seq - 1) {
        result = PyErr_Occurred() ? -1 : 0;
        goto done;
    }
    ticker = text_object(&d.ticker);
    if (ticker == NULL) {
        goto done;
    }
    /* Whether the book takes it (a subscribed book, synced, on this sid) and its level's new size,
     * found before anything changes. */
    book = PyDict_GetItemWithError(books, ticker);
    Py_XINCREF(book);
    int applies = 0;
    if (book != NULL) {
        int is_synced = PySet_Contains(synced, ticker);
        PyObject *carrier = is_synced == 1 ? PyDict_GetItemWithError(book_sid, ticker) : NULL;
        applies = carrier != NULL ? PyObject_RichCompareBool(carrier, sid, Py_EQ) : 0;
        if (is_synced < 0 || applies < 0 || PyErr_Occurred()) {
            goto done;
        }
    } else if (PyErr_Occurred()) {
        goto done;
    }
    long long size = d.size;
    if (applies) {
        if (book_side(book, kalshi_book_type, d.yes ? k_yes : k_no, &map, &levels) < 0) {
            goto done;
        }
        price_key = PyLong_FromLongLong(d.price);
        PyObject *old = price_key == NULL ? NULL : PyDict_GetItemWithError(levels, price_key);
        if (price_key == NULL || PyErr_Occurred()) {
            goto done;
        }
        if (old != NULL) {
            long long old_size = PyLong_Check(old) ? PyLong_AsLongLongAndOverflow(old, &overflow) : 0;
            if (!PyLong_Check(old) || overflow || __builtin_add_overflow(old_size, d.size, &size)) {
                result = PyErr_Occurred() ? -1 : 0;
                goto done;
            }
        }
    }
    /* Applied from here on: the seq is taken whether or not the book takes the change. */
    seq = PyLong_FromLongLong(d.seq);
    if (seq == NULL || PyDict_SetItem(last_seq, sid, seq) < 0) {
        goto done;
    }
    if (!applies) {
        result = 1;
        goto done;
    }
    int at_high, at_low;
    if (level_change(map, levels, price_key, d.price, size, &at_high, &at_low) < 0 ||
        (at_high && tops != Py_None && PySet_Add(tops, ticker) < 0)) {
        goto done;
    }
    received_ns = now_ns();
    venue_ns = received_ns == NULL ? NULL : PyLong_FromLongLong(d.ts_ms * 1000000);
    if (venue_ns == NULL) {
        goto done;
    }
    slot_set(book, k_received, received_ns);
    slot_set(book, k_venue, venue_ns);
    *ticker_out = Py_NewRef(ticker);
    *received_out = Py_NewRef(received_ns);
    *venue_out = Py_NewRef(venue_ns);
    result = 2;
done:
    Py_XDECREF(sid);
    Py_XDECREF(seq);
    Py_XDECREF(ticker);
    Py_XDECREF(book);
    Py_XDECREF(price_key);
    Py_XDECREF(received_ns);
    Py_XDECREF(venue_ns);
    return result;
}

/* kalshi_apply(frame, last_seq, books, synced, book_sid, tops) -> BookUpdate, None or NOT_PLAIN. */
static PyObject *kalshi_apply(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 6 || !tops_ok(args[5])) {
        PyErr_SetString(PyExc_TypeError, "kalshi_apply takes (frame, last_seq, books, synced, book_sid, tops: set or None)");
        return NULL;
    }
    PyObject *ticker, *received_ns, *venue_ns;
    int applied = kalshi_frame(args[0], args[1], args[2], args[3], args[4], args[5], &ticker, &received_ns, &venue_ns);
    if (applied < 2) {
        return applied < 0 ? NULL : applied == 0 ? not_plain_result() : Py_NewRef(Py_None);
    }
    PyObject *update = book_update(kalshi_venue, ticker, received_ns, venue_ns);
    Py_DECREF(ticker);
    Py_DECREF(received_ns);
    Py_DECREF(venue_ns);
    return update;
}

#include "hot_polymarket.h"
#include "hot_batch.h"

/* The offset of `type`'s slot `name` (a member descriptor of an object slot). 0, or -1 with an
 * error set. */
static int slot_offset(PyTypeObject *type, const char *name, Py_ssize_t *offset) {
    PyObject *descriptor = PyObject_GetAttrString((PyObject *)type, name);
    if (descriptor == NULL) {
        return -1;
    }
    int slot = Py_IS_TYPE(descriptor, &PyMemberDescr_Type) && ((PyMemberDescrObject *)descriptor)->d_member->type == T_OBJECT_EX;
    if (slot) {
        *offset = ((PyMemberDescrObject *)descriptor)->d_member->offset;
    } else {
        PyErr_Format(PyExc_TypeError, "%s.%s must be a slot", type->tp_name, name);
    }
    Py_DECREF(descriptor);
    return slot ? 0 : -1;
}

/* bind(BookUpdate, Venue.KALSHI, Venue.POLYMARKET, UpdateKind.DELTA, time.time_ns, MS_RANGE,
 * NOT_PLAIN, KalshiTickBook, TokenTickBook, LevelMap): the Python objects the two functions build
 * their results from, and the classes whose slots they change. */
static PyObject *bind(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 10 || !PyType_Check(args[0]) || !PyType_IsSubtype((PyTypeObject *)args[0], &PyTuple_Type) ||
        !PyRange_Check(args[5]) || !PyType_Check(args[7]) || !PyType_Check(args[8]) || !PyType_Check(args[9])) {
        PyErr_SetString(PyExc_TypeError,
                        "bind takes (BookUpdate, kalshi, polymarket, delta, time_ns, MS_RANGE, NOT_PLAIN, KalshiTickBook, "
                        "TokenTickBook, LevelMap)");
        return NULL;
    }
    PyObject *first = PyObject_GetAttrString(args[5], "start");
    PyObject *stop = first == NULL ? NULL : PyObject_GetAttrString(args[5], "stop");
    long long first_value = first == NULL ? -1 : PyLong_AsLongLong(first);
    long long stop_value = stop == NULL ? -1 : PyLong_AsLongLong(stop);
    Py_XDECREF(first);
    Py_XDECREF(stop);
    if (PyErr_Occurred()) {
        return NULL;
    }
    PyTypeObject *kalshi = (PyTypeObject *)args[7], *token = (PyTypeObject *)args[8], *map = (PyTypeObject *)args[9];
    struct {
        PyTypeObject *type;
        const char *name;
        Py_ssize_t *offset;
    } slots[] = {
        {kalshi, "yes", &k_yes}, {kalshi, "no", &k_no}, {kalshi, "received_ns", &k_received}, {kalshi, "venue_ns", &k_venue},
        {token, "bids", &t_bids}, {token, "asks", &t_asks}, {token, "received_ns", &t_received}, {token, "venue_ns", &t_venue},
        {token, "book_hash", &t_hash}, {map, "levels", &m_levels}, {map, "_high", &m_high}, {map, "_low", &m_low},
    };
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        if (slot_offset(slots[i].type, slots[i].name, slots[i].offset) < 0) {
            return NULL;
        }
    }
    ms_first = first_value;
    ms_last = stop_value - 1;
    Py_XSETREF(book_update_type, (PyTypeObject *)Py_NewRef(args[0]));
    Py_XSETREF(kalshi_venue, Py_NewRef(args[1]));
    Py_XSETREF(polymarket_venue, Py_NewRef(args[2]));
    Py_XSETREF(delta_kind, Py_NewRef(args[3]));
    Py_XSETREF(time_ns, Py_NewRef(args[4]));
    Py_XSETREF(not_plain, Py_NewRef(args[6]));
    Py_XSETREF(kalshi_book_type, (PyTypeObject *)Py_NewRef(kalshi));
    Py_XSETREF(token_book_type, (PyTypeObject *)Py_NewRef(token));
    Py_XSETREF(level_map_type, (PyTypeObject *)Py_NewRef(map));
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"kalshi_apply", (PyCFunction)(void (*)(void))kalshi_apply, METH_FASTCALL,
     "Apply a plain Kalshi orderbook_delta frame (its ticker added to tops when its top may have moved): its BookUpdate, None (its seq taken, no book changed), or NOT_PLAIN."},
    {"polymarket_apply", (PyCFunction)(void (*)(void))polymarket_apply, METH_FASTCALL,
     "Apply a plain Polymarket price_change frame (each token added to tops when its top may have moved): its BookUpdates, or NOT_PLAIN."},
    {"kalshi_apply_frames", (PyCFunction)(void (*)(void))kalshi_apply_frames, METH_FASTCALL,
     "Apply a read's plain Kalshi frames from start, marking the books changed: (stop, changes, since, due)."},
    {"polymarket_apply_frames", (PyCFunction)(void (*)(void))polymarket_apply_frames, METH_FASTCALL,
     "Apply a read's plain Polymarket frames from start, marking the books changed: (stop, changes, since, due)."},
    {"bind", (PyCFunction)(void (*)(void))bind, METH_FASTCALL, "Give the module the Python objects its results are built of."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_hot_frames", NULL, -1, methods};

PyMODINIT_FUNC PyInit__hot_frames(void) { return PyModule_Create(&module); }
