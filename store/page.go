package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// pageQuery fills a keyset-pagination template: %[1]s is the comparison against $cursor and
// %[2]s the sort direction. Both come from this fixed table, never from user input.
func pageQuery(template string, p domain.PageArgs) string {
	cmp, order := ">", "ASC"
	if p.Backward {
		cmp, order = "<", "DESC"
	}
	return fmt.Sprintf(template, cmp, order)
}

// pageParams adds the paging parameters to params: $cursor ("" for none) and $limit, which
// asks for one row more than the page so the page knows whether more follow.
func pageParams(p domain.PageArgs, params map[string]any) map[string]any {
	if params == nil {
		params = map[string]any{}
	}
	params["cursor"] = p.Cursor
	params["limit"] = p.Limit + 1
	return params
}

// readPage runs a page query whose rows have the item under "item" and its sort key under
// "sortKey", and decodes each item with decode.
func readPage[T any](ctx context.Context, s *Store, template string, p domain.PageArgs, params map[string]any, decode func(*neo4j.Record) T) (domain.Page[T], error) {
	recs, err := s.read(ctx, pageQuery(template, p), pageParams(p, params))
	if err != nil {
		return domain.Page[T]{}, err
	}
	items := make([]T, len(recs))
	keys := make([]string, len(recs))
	for i, r := range recs {
		items[i] = decode(r)
		keys[i] = strOf(r, "sortKey")
	}
	return domain.NewPage(p, items, keys), nil
}

// count runs a query that returns one row with column "n".
func (s *Store) count(ctx context.Context, cypher string, params map[string]any) (int, error) {
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return 0, err
	}
	if len(recs) == 0 {
		return 0, nil
	}
	return intOf(recs[0], "n"), nil
}
