package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

// specStatus makes gqlgen's answers follow the GraphQL-over-HTTP spec where it differs:
//   - under application/json, a document that fails to parse or validate (or whose variables
//     do not coerce, or that a limit refuses) is answered 200 with the errors, as the spec asks
//     for clients that predate it; malformed requests (bad JSON, no query) stay 400;
//   - under application/graphql-response+json such failures are 400 and carry no "data"
//     entry, since no execution happened;
//   - an answer with an UNAVAILABLE error (the database is down) is 503 with Retry-After for
//     everyone, anonymous or not.
//
// It holds the whole answer before sending it, and puts its data back there (rawdata.go).
func specStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if missingQuery(r) {
			reportError(r.Context(), "BAD_REQUEST")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"errors":[{"message":"the request has no query parameter","extensions":{"code":"BAD_REQUEST"}}]}`))
			return
		}
		rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		down := new(atomic.Bool)
		ctx, slot := withDataSlot(context.WithValue(r.Context(), unavailableKey{}, down))
		next.ServeHTTP(rec, r.WithContext(ctx))
		status := rec.status
		body, err := spliceData(rec.body.Bytes(), slot)
		if err != nil {
			reportError(r.Context(), "INTERNAL")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`))
			return
		}
		if down.Load() && status == http.StatusOK {
			// The database could not answer: 503 for every caller (as a token holder gets
			// when its credential cannot be checked), so clients and load balancers retry.
			// The body is the GraphQL answer with its UNAVAILABLE error.
			status = http.StatusServiceUnavailable
			rec.header.Set("Retry-After", "1")
		}
		ct := rec.header.Get("Content-Type")
		// Only gqlgen's own request and document errors (400, 422); authentication, rate
		// limits and the like keep their status.
		if status == http.StatusBadRequest || status == http.StatusUnprocessableEntity {
			var resp map[string]json.RawMessage
			if json.Unmarshal(body, &resp) == nil && resp["errors"] != nil {
				documentError := hasDocumentErrorCode(resp["errors"])
				switch {
				case strings.HasPrefix(ct, "application/graphql-response+json"):
					if string(resp["data"]) == "null" {
						delete(resp, "data")
						if b, err := json.Marshal(resp); err == nil {
							body = b
						}
					}
					status = http.StatusBadRequest
				case documentError:
					status = http.StatusOK
				default:
					status = http.StatusBadRequest
				}
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// hasDocumentErrorCode reports whether the errors are about the document or its variables
// (as opposed to a malformed HTTP request).
func hasDocumentErrorCode(raw json.RawMessage) bool {
	var errs []struct {
		Extensions struct{ Code string } `json:"extensions"`
	}
	if json.Unmarshal(raw, &errs) != nil {
		return false
	}
	for _, e := range errs {
		switch e.Extensions.Code {
		case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "COMPLEXITY_LIMIT_EXCEEDED", codeDepth, codeAliases,
			codeDirectives, codeIntrospection:
			return true
		}
	}
	return false
}

// bufferedWriter holds a whole response so its status can still change.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

// missingQuery reports a request without a "query" parameter (nor a persisted-query hash):
// a malformed request, not an empty document. It restores the body it reads.
func missingQuery(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		return !q.Has("query") && !strings.Contains(q.Get("extensions"), "persistedQuery")
	case http.MethodPost:
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			return false
		}
		body, err := requestBody(r)
		if err != nil {
			// As this check always did: the handler then reads what came, without the error.
			r.Body = io.NopCloser(bytes.NewReader(body))
			return false
		}
		var params map[string]json.RawMessage
		if json.Unmarshal(body, &params) != nil {
			return false // not JSON: the handler answers 400
		}
		_, hasQuery := params["query"]
		return !hasQuery && !bytes.Contains(params["extensions"], []byte("persistedQuery"))
	}
	return false
}

type unavailableKey struct{}

// markUnavailable records that the request's answer carries an UNAVAILABLE error.
func markUnavailable(ctx context.Context) {
	if down, ok := ctx.Value(unavailableKey{}).(*atomic.Bool); ok {
		down.Store(true)
	}
}
