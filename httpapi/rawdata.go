package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
)

// An answer's data is written once. gqlgen's transports write a response with
// encoding/json, which checks and compacts its data again although gqlgen has just written
// it as compact JSON: on the benchmark's practice traversal (an 18 KB answer) that was
// 6.5 % of the server's CPU. The outermost response interceptor (rawData) takes the data
// out of the response and leaves a placeholder in its place; specStatus, which holds the
// whole answer before sending it, puts the data back (spliceData). The bytes sent are those
// encoding/json would have sent: it escapes HTML characters in the data, and so does
// spliceData.

// dataSlot holds the data of the answer being written, from the interceptor to specStatus.
type dataSlot struct{ data json.RawMessage }

type dataSlotKey struct{}

// withDataSlot gives the request a slot for its answer's data.
func withDataSlot(ctx context.Context) (context.Context, *dataSlot) {
	slot := &dataSlot{}
	return context.WithValue(ctx, dataSlotKey{}, slot), slot
}

// dataPlaceholder stands for the data in the response the transport writes: a JSON string
// no answer can hold at the data key (random for each process; a string in an error
// message has its quotes escaped).
var dataPlaceholder, dataPlaceholderField = func() (json.RawMessage, []byte) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	p := `"hub-data-` + hex.EncodeToString(b) + `"`
	return json.RawMessage(p), []byte(`"data":` + p)
}()

// rawData is the interceptor that takes the data out (registered first: the outermost, so
// every other extension sees the response whole).
type rawData struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = rawData{}

func (rawData) ExtensionName() string                          { return "RawData" }
func (rawData) Validate(schema graphql.ExecutableSchema) error { return nil }

func (rawData) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	slot, _ := ctx.Value(dataSlotKey{}).(*dataSlot)
	if resp == nil || slot == nil || slot.data != nil || len(resp.Data) == 0 {
		return resp
	}
	slot.data = resp.Data
	out := *resp
	out.Data = dataPlaceholder
	return &out
}

// spliceData puts the slot's data back into the written answer body. It fails, rather
// than send an answer without its data, when the body lacks the placeholder.
func spliceData(body []byte, slot *dataSlot) ([]byte, error) {
	if slot.data == nil {
		return body, nil
	}
	i := bytes.Index(body, dataPlaceholderField)
	if i < 0 {
		return nil, fmt.Errorf("the answer's data placeholder is missing from its body")
	}
	out := bytes.NewBuffer(make([]byte, 0, len(body)+len(slot.data)))
	out.Write(body[:i+len(`"data":`)])
	json.HTMLEscape(out, slot.data) // one pass, copying what needs no escape
	out.Write(body[i+len(dataPlaceholderField):])
	return out.Bytes(), nil
}
