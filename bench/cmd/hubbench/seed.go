package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/synth"
)

// seedCmd adds what the UHRI-JSON generator cannot carry: NMIRFs for the States that lack
// one and good practices addressing their recommendations, written through the store's own
// seed writer (store.ApplySeed), the one that loads the demo data.
func seedCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	uri := fs.String("neo4j", "bolt://127.0.0.1:7696", "Neo4j Bolt URI of the benchmark graph")
	perState := fs.Int("practices-per-state", 4, "synthetic good practices per State")
	pool := fs.Int("pool", 60, "how many of a State's newest recommendations its practices draw from")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := store.New(store.Config{URI: *uri, Database: "neo4j", QueryTimeout: 10 * time.Minute, RetryTime: 30 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())

	res, err := neo4j.ExecuteQuery(ctx, driver, `MATCH (s:State) WHERE s.unMember
OPTIONAL MATCH (n:NMIRF)-[:OF_STATE]->(s)
WITH s, min(n.key) AS nmirf
RETURN s.code AS code, nmirf,
  COLLECT { MATCH (s)<-[:ADDRESSED_TO]-(r:Recommendation) RETURN r.key ORDER BY r.sk_pubdesc LIMIT $pool } AS recs
ORDER BY code`, map[string]any{"pool": *pool}, neo4j.EagerResultTransformer)
	if err != nil {
		return fmt.Errorf("read States: %w", err)
	}
	var pools []synth.StatePool
	for _, r := range res.Records {
		m := r.AsMap()
		p := synth.StatePool{Code: m["code"].(string)}
		if k, ok := m["nmirf"].(string); ok {
			p.NMIRFKey = k
		}
		for _, k := range m["recs"].([]any) {
			p.Recommendations = append(p.Recommendations, k.(string))
		}
		pools = append(pools, p)
	}
	res, err = neo4j.ExecuteQuery(ctx, driver, `MATCH (t:Theme) RETURN t.key AS key ORDER BY key`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		return fmt.Errorf("read themes: %w", err)
	}
	var themes []string
	for _, r := range res.Records {
		k, _ := r.Get("key")
		themes = append(themes, k.(string))
	}
	seed := synth.Practices(pools, themes, *perState, 1)
	if err := st.ApplySeed(ctx, seed); err != nil {
		return fmt.Errorf("write practices: %w", err)
	}
	if err := st.AwaitIndexes(ctx); err != nil {
		return err
	}
	fmt.Printf("seeded %d synthetic NMIRFs and %d good practices over %d States\n", len(seed.NMIRFs), len(seed.Practices), len(pools))
	return nil
}
