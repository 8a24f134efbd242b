// Package metrics holds the service's Prometheus metrics on a registry of its own, served at
// /metrics. Names start with graphql_ (the API) or hub_ (the service and its database).
package metrics

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's collectors.
type Metrics struct {
	registry        *prometheus.Registry
	requestDuration *prometheus.HistogramVec
	errors          *prometheus.CounterVec
	queryDuration   *prometheus.HistogramVec
	queriesInFlight prometheus.Gauge
	rateLimited     prometheus.Counter
	waiting         prometheus.Gauge
	waited          *prometheus.HistogramVec
	coalesced       *prometheus.HistogramVec
	answered        *prometheus.CounterVec

	// Operation names used as labels: the trusted documents' (allowed) and, first come, at
	// most MaxOperationNames others (seen); any other name is "other".
	namesMu sync.Mutex
	allowed map[string]bool
	seen    map[string]bool
}

// MaxOperationNames caps how many distinct operation names (besides those of trusted
// documents) become label values of graphql_request_duration_seconds; later names are
// counted as "other", so clients cannot grow the series without bound.
const MaxOperationNames = 200

// New registers the collectors, with the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{registry: prometheus.NewRegistry(), allowed: map[string]bool{}, seen: map[string]bool{}}
	m.requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "graphql_request_duration_seconds", Help: "Time to answer a GraphQL operation, by operation name and type.",
		Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"operation", "type"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "graphql_errors_total", Help: "GraphQL errors returned to clients, by extensions.code.",
	}, []string{"code"})
	m.queryDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hub_neo4j_query_duration_seconds", Help: "Time of each Neo4j round trip, by routing and outcome.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
	}, []string{"routing", "outcome"})
	m.queriesInFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "hub_neo4j_queries_in_flight", Help: "Neo4j transactions running now: the connections of the pool in use.",
	})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "hub_http_rate_limited_total", Help: "Requests refused with 429 by the per-client rate limit.",
	})
	m.waiting = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "hub_http_requests_waiting", Help: "GraphQL requests waiting for one of the slots of MAX_CONCURRENT_REQUESTS.",
	})
	m.waited = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hub_http_request_wait_seconds", Help: "Time GraphQL requests waited for a slot, by outcome (admitted; gave_up: their deadline passed or their client left); requests that found a slot free are not counted.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5, 15, 30},
	}, []string{"outcome"})
	m.coalesced = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hub_neo4j_coalesced_requests", Help: "Requests answered by each statement that several requests of one read text shared (COALESCE_READS), by outcome (ok; error: each of its requests then ran alone).",
		Buckets: []float64{2, 3, 4, 6, 8, 12, 16},
	}, []string{"outcome"})
	m.answered = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "graphql_queries_answered_total", Help: "GraphQL queries by how they were executed: direct (a compiled read written without gqlgen's field-by-field execution, DIRECT_ANSWERS) or gqlgen.",
	}, []string{"by"})
	m.registry.MustRegister(m.requestDuration, m.errors, m.queryDuration, m.queriesInFlight, m.rateLimited, m.waiting, m.waited, m.coalesced, m.answered,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// AllowOperationNames makes names label values whatever the cap (the operations of the
// trusted documents: a set the operator bounds).
func (m *Metrics) AllowOperationNames(names ...string) {
	m.namesMu.Lock()
	defer m.namesMu.Unlock()
	for _, n := range names {
		m.allowed[n] = true
	}
}

// operationLabel bounds the label values: allowed names, the first MaxOperationNames others,
// then "other".
func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	m.namesMu.Lock()
	defer m.namesMu.Unlock()
	switch {
	case m.allowed[name] || m.seen[name]:
		return name
	case len(m.seen) < MaxOperationNames && name != "anonymous" && name != "other":
		m.seen[name] = true
		return name
	}
	return "other"
}

// ObserveOperation records one GraphQL operation. name must be the name of the operation
// as the executed document defines it (not a client's raw operationName); typ is query,
// mutation or subscription.
func (m *Metrics) ObserveOperation(name, typ string, d time.Duration) {
	switch typ {
	case "query", "mutation", "subscription":
	default:
		typ = "other"
	}
	m.requestDuration.WithLabelValues(m.operationLabel(name), typ).Observe(d.Seconds())
}

// CountError counts one error returned to a client.
func (m *Metrics) CountError(code string) { m.errors.WithLabelValues(code).Inc() }

// QueryStarted marks a Neo4j transaction as running; the returned func records its end.
func (m *Metrics) QueryStarted(routing string) func(err error) {
	m.queriesInFlight.Inc()
	start := time.Now()
	return func(err error) {
		m.queriesInFlight.Dec()
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		m.queryDuration.WithLabelValues(routing, outcome).Observe(time.Since(start).Seconds())
	}
}

// Coalesced records a statement that n requests shared, and whether it answered them.
func (m *Metrics) Coalesced(n int, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.coalesced.WithLabelValues(outcome).Observe(float64(n))
}

// Answered counts a query answered directly or by gqlgen.
func (m *Metrics) Answered(direct bool) {
	by := "gqlgen"
	if direct {
		by = "direct"
	}
	m.answered.WithLabelValues(by).Inc()
}

// CountRateLimited counts a refused request.
func (m *Metrics) CountRateLimited() { m.rateLimited.Inc() }

// AdmissionWaiting marks a request as waiting for a slot; the returned func records whether
// it was admitted or gave up, and how long it waited.
func (m *Metrics) AdmissionWaiting() func(admitted bool) {
	m.waiting.Inc()
	start := time.Now()
	return func(admitted bool) {
		m.waiting.Dec()
		outcome := "admitted"
		if !admitted {
			outcome = "gave_up"
		}
		m.waited.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
	}
}
