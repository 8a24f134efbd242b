package httpapi_test

import (
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/nmirf-hub/hub/testenv"
)

func TestTracingSpansWhenConfigured(t *testing.T) {
	// The store first: the first test to ask for it prepares the graph, in traces of its own.
	st := testenv.Store(t)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	h := newHandler(t, st)
	// Two statements: the State with its NMIRFs (compiled), then a filtered page of its
	// recommendations (a page with a filter is never compiled into the State's read).
	gql(h, `{"query":"query Profile { state(code: \"MAR\") { code nmirfs { name } recommendationsReceived(first: 2, filter: {mechanismKinds: [UPR]}) { nodes { paragraph } } } }","operationName":"Profile"}`)
	var op, db int
	var opID [16]byte
	for _, s := range exp.GetSpans() {
		switch {
		case s.Name == "graphql.query Profile":
			op++
			opID = s.SpanContext.TraceID()
		case s.Name == "neo4j read":
			db++
		}
	}
	if op != 1 || db < 2 {
		t.Fatalf("spans: %d operation, %d neo4j; want 1 and at least 2", op, db)
	}
	for _, s := range exp.GetSpans() {
		if s.Name == "neo4j read" && s.SpanContext.TraceID() != opID {
			t.Error("a neo4j span is not in the operation's trace")
		}
	}
}
