package cli

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/testenv"
)

func TestTokensAuthenticateAndRevoke(t *testing.T) {
	st := testenv.Store(t)
	h := httpapi.New(httpapi.Options{Store: st, Log: testenv.Logger(), AllowedOrigins: []string{"http://localhost:3000"}})
	ask := func(auth string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ viewer { name role stateCode } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	name := fmt.Sprintf("test-editor-%d", rand.Int())
	out, errs, err := run(t, "token", "create", "--role", "editor", "--name", name, "--state", "mar")
	if err != nil {
		t.Fatalf("create: %v\n%s", err, errs)
	}
	token := lastLine(out)
	if !strings.HasPrefix(token, "hub_") {
		t.Fatalf("the last line is not a token: %q", out)
	}
	if rec := ask("Bearer " + token); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"role":"EDITOR","stateCode":"MAR"`) {
		t.Errorf("with the token: %d %s", rec.Code, rec.Body.String())
	}
	if rec := ask(""); !strings.Contains(rec.Body.String(), `"name":"anonymous","role":"VIEWER"`) {
		t.Errorf("anonymous: %s", rec.Body.String())
	}
	for _, bad := range []string{"Bearer hub_nope", "Basic abc", "Bearer "} {
		if rec := ask(bad); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "UNAUTHENTICATED") {
			t.Errorf("%q: %d %s", bad, rec.Code, rec.Body.String())
		}
	}
	if _, errs, err := run(t, "token", "revoke", name); err != nil {
		t.Fatalf("revoke: %v\n%s", err, errs)
	}
	if rec := ask("Bearer " + token); rec.Code != http.StatusUnauthorized {
		t.Errorf("a revoked token still works: %d", rec.Code)
	}
	for _, args := range [][]string{{"create", "--role", "king", "--name", "x"}, {"create", "--role", "viewer"}, {"create", "--role", "admin", "--name", "x", "--state", "MAR"}, {"revoke", "no-such-token-name"}} {
		if _, _, err := run(t, "token", args...); err == nil {
			t.Errorf("token %v was accepted", args)
		}
	}
}
