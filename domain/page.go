package domain

import (
	"encoding/base64"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
)

// MaxPageSize is the largest `first` or `last` a client may ask for; above it the request is
// refused rather than silently clamped, so a client never mistakes a short page for the end.
const MaxPageSize = 100

// DefaultPageSize is used when a client gives neither `first` nor `last`.
const DefaultPageSize = 20

// PageArgs is a validated request for one page of a keyset-paginated list. Cursors carry the
// sort key of an item, so page N costs what page 1 costs (an index range, not an offset).
type PageArgs struct {
	Limit    int    // how many items, 1..MaxPageSize
	Backward bool   // true for last/before
	Cursor   string // decoded sort key to start after (or before, when Backward); "" for none
}

// NewPageArgs validates the Relay arguments first/after/last/before.
func NewPageArgs(first *int, after *string, last *int, before *string) (PageArgs, error) {
	switch {
	case first != nil && last != nil:
		return PageArgs{}, apperr.Invalid("last", "pass either first or last, not both")
	case first != nil && before != nil:
		return PageArgs{}, apperr.Invalid("before", "before goes with last, not with first")
	case last != nil && after != nil:
		return PageArgs{}, apperr.Invalid("after", "after goes with first, not with last")
	}
	p := PageArgs{Limit: DefaultPageSize}
	field, n, cur := "first", first, after
	if last != nil || before != nil {
		p.Backward, field, n, cur = true, "last", last, before
	}
	if n != nil {
		if *n < 1 || *n > MaxPageSize {
			return PageArgs{}, apperr.Invalid(field, "%s must be between 1 and %d, got %d", field, MaxPageSize, *n)
		}
		p.Limit = *n
	}
	if cur != nil {
		curField := "after"
		if p.Backward {
			curField = "before"
		}
		key, err := DecodeCursor(*cur)
		if err != nil {
			return PageArgs{}, apperr.Invalid(curField, "%q is not a valid cursor", *cur)
		}
		p.Cursor = key
	}
	return p, nil
}

const cursorPrefix = "c1|"

// EncodeCursor makes an opaque cursor from an item's sort key.
func EncodeCursor(sortKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + sortKey))
}

// DecodeCursor returns the sort key inside a cursor.
func DecodeCursor(c string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return "", apperr.Invalid("cursor", "invalid cursor")
	}
	return strings.TrimPrefix(string(raw), cursorPrefix), nil
}

// PageInfo is the Relay page information.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// Page is one page of items of type T in display order, each with its sort key.
type Page[T any] struct {
	Items    []T
	SortKeys []string
	Info     PageInfo
}

// NewPage builds a page from rows fetched with limit+1 in the query's direction: the extra
// row only tells whether more follow, and backward pages are put back into display order.
func NewPage[T any](args PageArgs, items []T, keys []string) Page[T] {
	more := len(items) > args.Limit
	if more {
		items, keys = items[:args.Limit], keys[:args.Limit]
	}
	if args.Backward {
		reverse(items)
		reverse(keys)
	}
	p := Page[T]{Items: items, SortKeys: keys}
	if args.Backward {
		p.Info.HasPreviousPage = more
		p.Info.HasNextPage = args.Cursor != ""
	} else {
		p.Info.HasNextPage = more
		p.Info.HasPreviousPage = args.Cursor != ""
	}
	if len(keys) > 0 {
		s, e := EncodeCursor(keys[0]), EncodeCursor(keys[len(keys)-1])
		p.Info.StartCursor, p.Info.EndCursor = &s, &e
	}
	return p
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
