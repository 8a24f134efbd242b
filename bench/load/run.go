// Package load drives the benchmark's load with vegeta (as a library) at a fixed
// concurrency: exactly c requests in flight, each worker sending its next request when its
// last answer is read (a closed loop), for a fixed duration after a warm-up that is not
// measured. The floor is driven by the same loop through an in-process http.RoundTripper.
package load

import (
	"bytes"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Stats is what one run measured.
type Stats struct {
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Requests uint64  `json:"requests"`
	Errors   uint64  `json:"errors"`
	// FirstError is one of the failures, to say why.
	FirstError string `json:"first_error,omitempty"`
}

// Options are the settings of one run.
type Options struct {
	Concurrency int
	Warmup      time.Duration
	Duration    time.Duration
	// Client carries the requests; nil means a keep-alive client with enough connections.
	Client *http.Client
}

// Run sends the targets round-robin at the given concurrency and measures.
func Run(targets []vegeta.Target, o Options) Stats {
	attack := func(d time.Duration, m *vegeta.Metrics) {
		opts := []func(*vegeta.Attacker){
			vegeta.Workers(uint64(o.Concurrency)), vegeta.MaxWorkers(uint64(o.Concurrency)),
			vegeta.Timeout(60 * time.Second), vegeta.Redirects(vegeta.NoFollow),
			vegeta.Connections(o.Concurrency), vegeta.MaxBody(-1),
		}
		if o.Client != nil {
			opts = append(opts, vegeta.Client(o.Client))
		}
		atk := vegeta.NewAttacker(opts...)
		// A zero rate with a fixed number of workers is vegeta's closed loop: the next
		// request waits for a free worker.
		for res := range atk.Attack(vegeta.NewStaticTargeter(targets...), vegeta.Rate{}, d, "bench") {
			// A GraphQL server answers errors with 200 too: such an answer is a failure.
			if res.Error == "" && res.Code == http.StatusOK && bytes.Contains(res.Body, []byte(`"errors":[`)) {
				res.Code = http.StatusInternalServerError
				res.Error = "graphql errors: " + string(res.Body[:min(len(res.Body), 300)])
			}
			res.Body = nil
			if m != nil {
				m.Add(res)
			}
		}
	}
	if o.Warmup > 0 {
		attack(o.Warmup, nil)
	}
	var m vegeta.Metrics
	attack(o.Duration, &m)
	m.Close()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	s := Stats{RPS: m.Throughput, P50: ms(m.Latencies.P50), P95: ms(m.Latencies.P95), P99: ms(m.Latencies.P99),
		Requests: m.Requests, Errors: m.Requests - uint64(float64(m.Requests)*m.Success+0.5)}
	if len(m.Errors) > 0 {
		s.FirstError = m.Errors[0]
	}
	return s
}
