package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/nmirf-hub/hub/metrics"
)

// admission bounds how many GraphQL requests run at once; the others wait for a slot in the
// order they came, for as long as their deadline allows.
//
// Why: the hub and Neo4j share the machine's cores, and with every request running at once
// each one's share of them shrinks as more arrive, the unlucky ones most: at 32 requests in
// flight on 2 cores, the slowest hundredth took 2.4–3.3 times the median (BENCHMARKS.md,
// session 18). Past the slots, a request waits its turn instead, and the waits are about
// equal for everyone, so the slowest requests come in much sooner while the machine does
// the same work. Slots are generous (8 per core by default, config.DefaultConcurrentRequests)
// because a request that runs beside fewer others costs both processes more CPU: with 3
// slots on 2 cores, node look-ups' throughput fell by 31–40 %.
//
// A request that has held its slot for holdLimit gives it up and runs on, so a few slow
// requests (an export, a deep similarity read) cannot keep the quick ones waiting longer
// than that.
type admission struct {
	slots     chan struct{}
	holdLimit time.Duration
	m         *metrics.Metrics
}

// admissionHoldLimit is how long a request keeps its slot: far beyond the time of a usual
// request (milliseconds), short enough that slow ones never stall the queue for long.
const admissionHoldLimit = time.Second

// newAdmission gives n slots; n ≤ 0 means no limit (nil).
func newAdmission(n int, m *metrics.Metrics) *admission {
	if n <= 0 {
		return nil
	}
	return &admission{slots: make(chan struct{}, n), holdLimit: admissionHoldLimit, m: m}
}

// limit lets a request run once it has a slot. A request whose deadline passes (or whose
// client leaves) while it waits is answered 503 with Retry-After, as when the database is
// unavailable: the server could not take it in time, and a retry may succeed.
//
// The body is read before the request queues (it is capped by MaxBytesHandler before this
// step): a client that sends its body slowly then holds only its own request, never a slot
// that others wait for.
func (a *admission) limit(next http.Handler) http.Handler {
	if a == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = requestBody(r) // a read error reaches the handlers after it, which answer it
		release, ok := a.acquire(r.Context())
		if !ok {
			w.Header().Set("Retry-After", "1")
			refuse(w, r, http.StatusServiceUnavailable, "UNAVAILABLE", "the server is busy; try again shortly")
			return
		}
		defer release()
		next.ServeHTTP(w, r)
	})
}

// requestBody reads r's body into memory once and puts it back, so the handlers after it
// read the same bytes, and then the same error if reading failed (a body over the size cap,
// a client gone), as they would have from the connection. A body already read this way is
// not read again: admission and specStatus's missing-query check share the one copy.
func requestBody(r *http.Request) ([]byte, error) {
	if b, ok := r.Body.(*bufferedBody); ok {
		return b.data, b.err
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(r.Body)
	var rest io.Reader = bytes.NewReader(data)
	if err != nil {
		rest = io.MultiReader(rest, errReader{err})
	}
	r.Body = &bufferedBody{Reader: rest, Closer: r.Body, data: data, err: err}
	return data, err
}

// bufferedBody is a request body read into memory by requestBody.
type bufferedBody struct {
	io.Reader
	io.Closer
	data []byte
	err  error
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// acquire takes a slot, waiting in line if none is free. Waiters are served first come,
// first served: Go's runtime queues the senders blocked on a full channel and, on each
// receive, moves the value of the one that has waited longest into the buffer, so a slot
// given back while others wait goes to the oldest of them and no newcomer overtakes them
// (the language specification does not promise this order; the runtime has kept it, and
// TestAdmissionServesWaitersInArrivalOrder checks it). The release it returns may be called
// more than once.
func (a *admission) acquire(ctx context.Context) (release func(), ok bool) {
	select {
	case a.slots <- struct{}{}:
	default:
		done := a.waiting()
		select {
		case a.slots <- struct{}{}:
			done(true)
		case <-ctx.Done():
			done(false)
			return nil, false
		}
	}
	var once sync.Once
	free := func() { once.Do(func() { <-a.slots }) }
	t := time.AfterFunc(a.holdLimit, free)
	return func() {
		t.Stop()
		free()
	}, true
}

// waiting records a request waiting for a slot; done records how it ended.
func (a *admission) waiting() (done func(admitted bool)) {
	if a.m == nil {
		return func(bool) {}
	}
	return a.m.AdmissionWaiting()
}
