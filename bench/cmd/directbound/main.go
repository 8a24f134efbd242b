// Command directbound measures how far an executor that writes JSON without GraphQL could
// take the hub on the benchmark's practice traversal (BENCHMARKS.md, session 17). It answers
// that one query the way the hub reads it, through the hub's own store path (store.ReadTree
// with the plan and the shapes the hub compiles for the query: the same statement, the same
// driver, the same decoding into domain types), and writes the answer's JSON from the tree:
// no GraphQL parsing, validation or field-by-field execution, no middleware. Any other
// query is refused. It is a measuring device, not a server to run: it serves one query
// shape, as an anonymous caller, so that the figure it gives can be reproduced:
//
//	GOGC=400 GOMEMLIMIT=1GiB go run ./bench/cmd/directbound -neo4j bolt://127.0.0.1:7696 -addr 127.0.0.1:18095 &
//	go run ./bench/cmd/hubbench run -hub http://127.0.0.1:18095/graphql -only practice-traversal -md /tmp/b.md -out /tmp/b
//
// with the collector set as the hub sets its own (gc.go), and the benchmark's graph (its
// Neo4j on port 7696) and the peer running as scripts/bench.sh starts them; hubbench checks
// the answers against the peer's and the floor's before it measures.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log"
	"log/slog"
	"net/http"
	"time"

	"github.com/nmirf-hub/hub/bench/mix"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/metrics"
	"github.com/nmirf-hub/hub/store"
)

type state struct {
	Code string `json:"code"`
}
type prac struct {
	Title string `json:"title"`
}
type rec struct {
	UhriAnnotationID *string `json:"uhriAnnotationId"`
	Year             *int    `json:"year"`
	States           []state `json:"states"`
	Practices        []prac  `json:"practices"`
}
type node struct {
	Title           string `json:"title"`
	Recommendations []rec  `json:"recommendations"`
}

func main() {
	uri := flag.String("neo4j", "bolt://127.0.0.1:7696", "the benchmark graph's Bolt URI")
	addr := flag.String("addr", "127.0.0.1:18095", "address to serve on")
	flag.Parse()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{URI: *uri, QueryTimeout: 30 * time.Second, RetryTime: 5 * time.Second}, 30*time.Second, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		log.Fatal(err)
	}
	// The hub's query metrics, so that hubbench can count round trips and wait for quiet.
	m := metrics.New()
	st.Observe(m.QueryStarted)
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	// The plan and shapes resolvers/plan.go and resolvers/shape.go compile for the query
	// (resolvers' TestOperationShapes has the same shapes for it).
	plan := store.Plan{"recommendations": {Link: store.PracticeRecommendations, Below: store.Plan{
		"states": {Link: store.RecommendationStates}, "practices": {Link: store.RecommendationPractices}}}}
	shapes := store.Shapes{"GoodPractice": {"titles:EN"}, "Recommendation": {"uhriAnnotationId", "year"}, "Theme": {}}
	var practice *mix.Query
	for _, q := range mix.All() {
		if q.Name == "practice-traversal" {
			practice = q
		}
	}
	if practice == nil {
		log.Fatal("the benchmark's mix has no practice-traversal query")
	}
	mux.HandleFunc("/graphql", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Query     string
			Variables struct{ ID string } `json:"variables"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, "the body is not JSON", 400)
			return
		}
		if body.Query != practice.Hub {
			http.Error(w, "directbound answers the benchmark's practice traversal only", 400)
			return
		}
		_, key, err := domain.ParseGlobalID("id", body.Variables.ID)
		if err != nil {
			http.Error(w, "the id is not a global ID", 400)
			return
		}
		trees, err := st.ReadTree(r.Context(), store.PracticeRoot, []string{key}, plan, shapes)
		if err != nil {
			log.Print(err)
			http.Error(w, "the read failed", 500)
			return
		}
		out := map[string]any{"node": nil}
		// An anonymous caller sees a published practice only, as the hub's node(id) has it.
		if t := trees[key]; t != nil && t.Item.(*domain.GoodPractice).Status == "PUBLISHED" {
			p := t.Item.(*domain.GoodPractice)
			title, _, _ := p.Titles.Pick("EN")
			n := node{Title: title, Recommendations: []rec{}}
			for _, rt := range t.Links["recommendations"] {
				rr := rt.Item.(*domain.Recommendation)
				x := rec{UhriAnnotationID: rr.UhriAnnotationID, Year: rr.Year, States: []state{}, Practices: []prac{}}
				for _, s := range rt.Links["states"] {
					x.States = append(x.States, state{s.Item.(*domain.State).Code})
				}
				for _, pt := range rt.Links["practices"] {
					pp := pt.Item.(*domain.GoodPractice)
					tt, _, _ := pp.Titles.Pick("EN")
					x.Practices = append(x.Practices, prac{tt})
				}
				n.Recommendations = append(n.Recommendations, x)
			}
			out["node"] = n
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": out})
	})
	log.Fatal(http.ListenAndServe(*addr, mux))
}
