package httpapi_test

import (
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/nmirf-hub/hub/testenv"
)

func TestTracingSpansWhenConfigured(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	h := newHandler(t, testenv.Store(t))
	// Two statements: the State with its NMIRFs (compiled), then a page of its recommendations.
	gql(h, `{"query":"query Profile { state(code: \"MAR\") { code nmirfs { name } recommendationsReceived(first: 2) { nodes { paragraph } } } }","operationName":"Profile"}`)
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
