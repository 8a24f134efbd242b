package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/testenv"
)

func sha(s string) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:]) }

func postJSON(t *testing.T, h interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request)
}, body any) string {
	t.Helper()
	b, _ := json.Marshal(body)
	return gql(h, string(b)).Body.String()
}

func TestAutomaticPersistedQueries(t *testing.T) {
	h := newHandler(t, testenv.Store(t))
	q := `{ state(code: "MAR") { code } }`
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha(q)}}
	if got := postJSON(t, h, map[string]any{"extensions": ext}); !strings.Contains(got, "PersistedQueryNotFound") {
		t.Errorf("unknown hash: %s", got)
	}
	if got := postJSON(t, h, map[string]any{"query": q, "extensions": ext}); !strings.Contains(got, `"MAR"`) {
		t.Errorf("register: %s", got)
	}
	if got := postJSON(t, h, map[string]any{"extensions": ext}); !strings.Contains(got, `"MAR"`) {
		t.Errorf("hash only after registering: %s", got)
	}
}

func TestTrustedDocumentsAllowList(t *testing.T) {
	q := `query Profile { state(code: "MAR") { code } }`
	manifest := filepath.Join(t.TempDir(), "trusted.json")
	b, _ := json.Marshal(map[string]string{sha(q): q})
	if err := os.WriteFile(manifest, b, 0o644); err != nil {
		t.Fatal(err)
	}
	trusted, err := httpapi.LoadTrustedDocuments(manifest)
	if err != nil {
		t.Fatal(err)
	}
	h := httpapi.New(httpapi.Options{Store: testenv.Store(t), Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"}, Trusted: trusted})
	if got := postJSON(t, h, map[string]any{"query": q}); !strings.Contains(got, `"MAR"`) {
		t.Errorf("registered document: %s", got)
	}
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha(q)}}
	if got := postJSON(t, h, map[string]any{"extensions": ext}); !strings.Contains(got, `"MAR"`) {
		t.Errorf("registered hash: %s", got)
	}
	for _, body := range []map[string]any{
		{"query": `{ state(code: "MAR") { name } }`},
		{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha("x")}}},
	} {
		if got := postJSON(t, h, body); !strings.Contains(got, "PERSISTED_QUERY_NOT_ALLOWED") {
			t.Errorf("unregistered %v: %s", body, got)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"abc": "{ __typename }"}`), 0o644)
	if _, err := httpapi.LoadTrustedDocuments(bad); err == nil {
		t.Error("a manifest with a wrong hash was accepted")
	}
}
