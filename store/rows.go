package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Rows collected into one.
//
// The Go driver reads each Bolt message in up to three reads, and each read under a deadline
// (the request's, or the 120 s read timeout Neo4j hints at by default) runs in a goroutine
// of its own, with a channel and a timer, raced against the deadline (the driver's
// internal/racing). A page of 21 rows is 23 messages, about 70 such goroutines; pprof of the
// deep page put the driver's reading at a fifth of the hub's CPU. A read whose rows are
// bounded (a page, a compiled tree, a batch of link look-ups, a look-up by keys; search
// collects its page itself) therefore returns them collected in one row, one message, and
// readCollected gives them back as the records the statement would have returned, so their
// decoding stays as it was.

// collectedColumn is one column of a statement whose rows are collected: its name and the
// expression it returns.
type collectedColumn struct{ name, expr string }

// writeCollected writes the end of a statement: each column bound to its name (beside the
// expressions in also, for orderBy only; "" for none), the rows in orderBy's order ("" for
// none), returned as one row `rows` holding one list of values per row. Cypher keeps the
// order of a WITH … ORDER BY through collect(). It gives the columns' names.
func writeCollected(q *strings.Builder, cols []collectedColumn, also, orderBy string) []string {
	names := make([]string, len(cols))
	q.WriteString("WITH ")
	for i, c := range cols {
		names[i] = c.name
		if i > 0 {
			q.WriteString(", ")
		}
		if c.expr == c.name {
			q.WriteString(c.name)
		} else {
			q.WriteString(c.expr + " AS " + c.name)
		}
	}
	if also != "" {
		q.WriteString(", " + also)
	}
	if orderBy != "" {
		q.WriteString("\nORDER BY " + orderBy)
	}
	q.WriteString("\nRETURN collect([" + strings.Join(names, ", ") + "]) AS rows")
	return names
}

// readCollected runs a read written with writeCollected and returns its rows as records
// with the columns' names as keys.
func (s *Store) readCollected(ctx context.Context, cypher string, params map[string]any, names []string) ([]*neo4j.Record, error) {
	recs, err := s.readOne(ctx, cypher, params, []string{"rows"})
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("collected rows: %d records, want 1", len(recs))
	}
	rows, ok := recs[0].Values[0].([]any)
	if !ok {
		return nil, fmt.Errorf("collected rows: %T, want a list", recs[0].Values[0])
	}
	out := make([]*neo4j.Record, len(rows))
	for i, row := range rows {
		values, ok := row.([]any)
		if !ok || len(values) != len(names) {
			return nil, fmt.Errorf("collected rows: row %d is %T of %d values, want %d", i, row, len(values), len(names))
		}
		out[i] = &neo4j.Record{Keys: names, Values: values}
	}
	return out, nil
}
