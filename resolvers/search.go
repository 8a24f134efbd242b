package resolvers

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// search validates the arguments, runs the store's search and builds the page.
func (r *Resolver) search(ctx context.Context, query string, lang *domain.Language, types []store.SearchType,
	filter *model.RecommendationFilter, first *int, after *string) (*model.SearchConnection, error) {
	if utf8.RuneCountInString(query) > 500 {
		return nil, apperr.Invalid("query", "at most 500 characters")
	}
	q := store.LuceneQuery(query)
	if q == "" {
		return nil, apperr.Invalid("query", "the query has no words to look for")
	}
	limit := domain.DefaultPageSize
	if first != nil {
		if *first < 1 || *first > domain.MaxPageSize {
			return nil, apperr.Invalid("first", "first must be between 1 and %d, got %d", domain.MaxPageSize, *first)
		}
		limit = *first
	}
	var afterScore *float64
	afterUID := ""
	if after != nil {
		s, uid, err := decodeSearchCursor(*after)
		if err != nil {
			return nil, apperr.Invalid("after", "%q is not a valid cursor", *after)
		}
		afterScore, afterUID = &s, uid
	}
	l := domain.Language("EN")
	if lang != nil {
		l = *lang
	}
	if len(types) == 0 {
		types = store.SearchTypes
	}
	f, err := toFilter(filter)
	if err != nil {
		return nil, err
	}
	exact := strings.Trim(strings.TrimSpace(query), `"`)
	if err := directFailure(ctx); err != nil {
		return nil, err
	}
	hits, err := r.Store.Search(ctx, q, exact, l, types, f, afterScore, afterUID, limit+1, shapesOf(ctx), searchTexts(ctx))
	if err != nil {
		return nil, err
	}
	more := len(hits) > limit
	if more {
		hits = hits[:limit]
	}
	conn := &model.SearchConnection{PageInfo: &domain.PageInfo{HasNextPage: more, HasPreviousPage: after != nil},
		Count: onceCount(func() (int, bool, error) { return r.Store.SearchCount(ctx, q, exact, l, types, f) })}
	words := queryWords(query)
	for _, h := range hits {
		if h.Recommendation != nil { // read with the hit: the node costs no further query
			For(ctx).RecommendationByKey.Prime(h.Recommendation.Key, h.Recommendation)
		}
		snippet, fields := snippetOf(h.Fields, words)
		conn.Edges = append(conn.Edges, &model.SearchEdge{Cursor: encodeSearchCursor(h.Score, h.UID), Score: h.Score,
			Snippet: snippet, MatchedFields: fields, UID: h.UID})
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &conn.Edges[0].Cursor, &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// searchTexts says whether the search's selection shows snippets or matched fields, the
// only fields that read the hits' texts (true when the selection is unknown).
func searchTexts(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if !graphql.HasOperationContext(ctx) || fc == nil {
		return true
	}
	op := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFields(op, fc.Field.Selections, []string{"SearchConnection"}) {
		if f.Name != "edges" {
			continue
		}
		for _, e := range graphql.CollectFields(op, f.Selections, []string{"SearchEdge"}) {
			if e.Name == "snippet" || e.Name == "matchedFields" {
				return true
			}
		}
	}
	return false
}

// onceCount runs count at most once, however many of totalCount and totalCountCapped ask.
func onceCount(count func() (int, bool, error)) func(context.Context) (int, bool, error) {
	var once sync.Once
	var n int
	var capped bool
	var err error
	return func(context.Context) (int, bool, error) {
		once.Do(func() { n, capped, err = count() })
		return n, capped, err
	}
}

// nodeByUID resolves a "Kind:key" uid through the loaders.
func (r *Resolver) nodeByUID(ctx context.Context, uid string) (domain.Node, error) {
	kind, key, _ := strings.Cut(uid, ":")
	return r.loadNode(ctx, "node", domain.GlobalID(domain.Kind(kind), key), false)
}

func encodeSearchCursor(score float64, uid string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("s1|" + strconv.FormatFloat(score, 'g', -1, 64) + "|" + uid))
}

func decodeSearchCursor(c string) (float64, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", err
	}
	parts := strings.SplitN(string(raw), "|", 3)
	if len(parts) != 3 || parts[0] != "s1" {
		return 0, "", apperr.Invalid("after", "invalid cursor")
	}
	score, err := strconv.ParseFloat(parts[1], 64)
	return score, parts[2], err
}

// queryWords are the words of the user's query, operators left out, lowercased.
func queryWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		w = strings.Trim(w, `"-+()`)
		if w == "" || w == "AND" || w == "OR" || w == "NOT" {
			continue
		}
		out = append(out, strings.ToLower(w))
	}
	return out
}

// snippetOf finds the first field where a query word (or its first five letters, to catch
// inflected forms) appears, and cuts an excerpt around it. It also lists every field in
// which a word appears.
func snippetOf(fields map[string]string, words []string) (*string, []string) {
	var snippet *string
	var matched []string
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		text := fields[k]
		lower := strings.ToLower(text)
		at := -1
		for _, w := range words {
			stem := w
			if utf8.RuneCountInString(stem) > 5 {
				stem = string([]rune(stem)[:5])
			}
			if i := strings.Index(lower, stem); i >= 0 && (at < 0 || i < at) {
				at = i
			}
		}
		if at < 0 {
			continue
		}
		matched = append(matched, k)
		if snippet == nil {
			s := excerpt(text, at, 80)
			snippet = &s
		}
	}
	if matched == nil {
		matched = []string{}
	}
	return snippet, matched
}

// excerpt returns about radius bytes on each side of byte offset at, cut on rune and word
// boundaries, with ellipses where the text goes on.
func excerpt(text string, at, radius int) string {
	start, end := max(0, at-radius), min(len(text), at+radius)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	if i := strings.IndexByte(text[start:at], ' '); start > 0 && i >= 0 {
		start += i + 1
	}
	if i := strings.LastIndexByte(text[at:end], ' '); end < len(text) && i > 0 {
		end = at + i
	}
	s := strings.TrimSpace(text[start:end])
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

// searchNodes is SearchConnection.nodes: each hit's node.
func (r *Resolver) searchNodes(ctx context.Context, obj *model.SearchConnection) ([]domain.Node, error) {
	out := make([]domain.Node, len(obj.Edges))
	for i, e := range obj.Edges {
		n, err := r.nodeByUID(ctx, e.UID)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}
