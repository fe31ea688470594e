/* A socket read's frames applied in one call: the part of hot_frames.c that takes a list of frames,
 * included there (after both venues' appliers) and nowhere else. Each plain frame is applied as
 * kalshi_apply and polymarket_apply apply it, and each book it changed is marked in the caller's
 * dict of changed books instead of a BookUpdate handed to Python, so Python runs once a batch, not
 * once a message (docs/streamer.md#the-read-applied-in-one-call). The Python reference is the
 * same frames applied one by one (KalshiBooks.apply_frames, PolymarketBooks.apply_frames);
 * arb_pipeline_tests/venues/test_hot_frame_batches.py holds the two equal. */
#ifndef ARB_HOT_BATCH_H
#define ARB_HOT_BATCH_H

/* time.perf_counter(), in seconds. */
static double perf_now(void) {
#if PY_VERSION_HEX >= 0x030D0000
    PyTime_t now;
    (void)PyTime_PerfCounterRaw(&now);
    return PyTime_AsSecondsDouble(now);
#else
    return _PyTime_AsSecondsDouble(_PyTime_GetPerfCounter());
#endif
}

/* One frame applied, its changes given to the sink: -1 with an error set, 0 not plain (nothing
 * changed), 1 applied. `state`: the venue function's arguments after the frame. */
typedef int (*FrameApplier)(PyObject *frame, PyObject *const *state, Sink *sink);

static int kalshi_one(PyObject *frame, PyObject *const *state, Sink *sink) {
    PyObject *ticker, *received_ns, *venue_ns;
    int applied = kalshi_frame(frame, state[0], state[1], state[2], state[3], state[4], &ticker, &received_ns, &venue_ns);
    if (applied < 2) {
        return applied;
    }
    int taken = sink_take(sink, kalshi_venue, ticker, received_ns, venue_ns);
    Py_DECREF(ticker);
    Py_DECREF(received_ns);
    Py_DECREF(venue_ns);
    return taken < 0 ? -1 : 1;
}

static int polymarket_one(PyObject *frame, PyObject *const *state, Sink *sink) {
    return polymarket_frame(frame, state[0], state[1], state[2], state[3], sink);
}

/* (frames, start, <the venue's state>, changed, updates, since, within_s) -> (stop, changes, since,
 * due). The frames from `start` on are applied in order up to the first that is not plain (`stop`
 * is its index, nothing of it changed: the client reads it the general way), or to the end. Each
 * book a frame changed is set in `changed` (a dict) to the frame's receive time unless it is there
 * already, and its BookUpdate appended to `updates` when that is a list (the bench's latency
 * probe), not when None. `since`: when the oldest change not yet evaluated was applied
 * (time.perf_counter()), or negative when none is waiting; the first change sets it. A change
 * applied more than `within_s` after it ends the call after its frame, with `due` true: the
 * caller evaluates the run (feeds.EVALUATE_WITHIN_S) and calls again from `stop`. `changes`:
 * the books changed in all (one per Kalshi frame, one per book of a Polymarket frame). */
static PyObject *apply_frames(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t nstate, FrameApplier apply,
                              const char *usage) {
    /* The venue's state ends with `tops`. */
    if (nargs != nstate + 6 || !PyList_CheckExact(args[0]) || !tops_ok(args[nstate + 1]) || !PyDict_CheckExact(args[nstate + 2]) ||
        (args[nstate + 3] != Py_None && !PyList_CheckExact(args[nstate + 3]))) {
        PyErr_SetString(PyExc_TypeError, usage);
        return NULL;
    }
    PyObject *frames = args[0];
    Py_ssize_t at = PyLong_AsSsize_t(args[1]);
    double since = PyFloat_AsDouble(args[nstate + 4]);
    double within_s = PyFloat_AsDouble(args[nstate + 5]);
    if (PyErr_Occurred()) {
        return NULL;
    }
    if (at < 0) {
        PyErr_SetString(PyExc_ValueError, "start must be 0 or more");
        return NULL;
    }
    Sink sink = {args[nstate + 3] == Py_None ? NULL : args[nstate + 3], args[nstate + 2], 0};
    int due = 0;
    for (; at < PyList_GET_SIZE(frames) && !due; at++) {
        PyObject *frame = Py_NewRef(PyList_GET_ITEM(frames, at));
        Py_ssize_t before = sink.changes;
        int applied = apply(frame, args + 2, &sink);
        Py_DECREF(frame);
        if (applied < 0) {
            return NULL;
        }
        if (applied == 0) {
            break;
        }
        if (sink.changes > before) {
            double now = perf_now();
            if (since < 0) {
                since = now;
            } else {
                due = now - since > within_s;
            }
        }
    }
    return Py_BuildValue("(nndO)", at, sink.changes, since, due ? Py_True : Py_False);
}

static PyObject *kalshi_apply_frames(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    return apply_frames(args, nargs, 5, kalshi_one,
                        "kalshi_apply_frames takes (frames: list, start, last_seq, books, synced, book_sid, tops: set or None, "
                        "changed: dict, updates: list or None, since, within_s)");
}

static PyObject *polymarket_apply_frames(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    return apply_frames(args, nargs, 4, polymarket_one,
                        "polymarket_apply_frames takes (frames: list, start, subscribed, books, unannounced, tops: set or None, "
                        "changed: dict, updates: list or None, since, within_s)");
}

#endif
