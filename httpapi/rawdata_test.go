package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The answer sent with its data put back is byte for byte the one encoding/json writes
// (gqlgen's transports), HTML characters and line separators escaped as it does.
func TestSplicedAnswersAreTheEncodedAnswers(t *testing.T) {
	answers := []*graphql.Response{
		{Data: json.RawMessage(`{"node":{"title":"plain"}}`)},
		{Data: json.RawMessage(`{"a":"<b>&amp;</b> \u2028 x\u2029","b":[1,2.5,null,true],"c":"é 中文 \"q\" \\ \n"}`),
			Extensions: map[string]any{"cost": map[string]any{"limit": 5000, "requested": 9}}},
		{Errors: gqlerror.List{{Message: `not "data":"x" <here>`, Path: ast.Path{ast.PathName("node")}}},
			Data: json.RawMessage(`{"node":null}`), Extensions: map[string]any{"data": "x"}},
		{Data: json.RawMessage(`null`)},
	}
	for _, resp := range answers {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		ctx, slot := withDataSlot(context.Background())
		written := rawData{}.InterceptResponse(ctx, func(context.Context) *graphql.Response { return resp })
		body, err := json.Marshal(written)
		if err != nil {
			t.Fatal(err)
		}
		got, err := spliceData(body, slot)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	// Without a slot (a server built without specStatus) the response is left whole; a
	// body without the placeholder is refused rather than sent without its data.
	resp := answers[0]
	if got := (rawData{}).InterceptResponse(context.Background(), func(context.Context) *graphql.Response { return resp }); got != resp {
		t.Errorf("a response without a slot was changed: %+v", got)
	}
	if _, err := spliceData([]byte(`{"data":{}}`), &dataSlot{data: json.RawMessage(`{}`)}); err == nil {
		t.Errorf("a body without the placeholder was accepted")
	}
}
