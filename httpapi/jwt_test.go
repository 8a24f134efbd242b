package httpapi_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/golang-jwt/jwt/v5"

	"github.com/nmirf-hub/hub/config"
	"github.com/nmirf-hub/hub/httpapi"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

const (
	jwtIssuer   = "https://idp.example.org/"
	jwtAudience = "nmirf-hub"
)

var jwtSecret = []byte("0123456789abcdef0123456789abcdef-test-only")

// jwtRSA is an RSA key pair made once per test binary.
var jwtRSA = func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}()

func jwtHandler(t *testing.T, st *store.Store, c config.JWT, log *slog.Logger) http.Handler {
	t.Helper()
	c.Issuer, c.Audience, c.Leeway = jwtIssuer, jwtAudience, 30*time.Second
	return httpapi.New(httpapi.Options{Store: st, Log: log, AllowedOrigins: []string{"http://localhost:3000"}, JWT: c})
}

// claims are valid ones for an editor of Iceland; tests change what they need.
func claims(sub string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"iss": jwtIssuer, "aud": jwtAudience, "sub": sub, "iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "role": "EDITOR", "state": "ISL"}
}

func signHS(t *testing.T, c jwt.MapClaims, secret []byte) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func signRS(t *testing.T, c jwt.MapClaims, key *rsa.PrivateKey) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func bearer(tok string) client.Option { return client.AddHeader("Authorization", "Bearer "+tok) }

// rawPost sends { viewer { … } } with an Authorization header and returns status, the
// WWW-Authenticate header and the body.
func rawPost(t *testing.T, h http.Handler, authorization string) (int, string, string) {
	t.Helper()
	q := `{ viewer { name role stateCode } }`
	record(q)
	body, _ := json.Marshal(map[string]string{"query": q})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", authorization)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, rec.Header().Get("WWW-Authenticate"), string(b)
}

// A JWT editor of Iceland writes like an API-token editor, under its subject's name, with
// either algorithm; the claims map to the viewer.
func TestJWTEditorCanWrite(t *testing.T) {
	st := testenv.Store(t)
	c := client.New(jwtHandler(t, st, config.JWT{HS256Secret: jwtSecret, RS256PublicKey: &jwtRSA.PublicKey}, testenv.Logger()))
	c.SetCustomTarget("/graphql")
	for _, tc := range []struct {
		alg, tok string
	}{
		{"HS256", signHS(t, claims("alice@example.org"), jwtSecret)},
		{"RS256", signRS(t, claims("bob@example.org"), jwtRSA)},
	} {
		t.Run(tc.alg, func(t *testing.T) {
			data, errs := post(t, c, `{ viewer { name role stateCode } }`, bearer(tc.tok))
			sub := map[string]string{"HS256": "alice@example.org", "RS256": "bob@example.org"}[tc.alg]
			want := fmt.Sprintf(`{"viewer":{"name":"jwt:%s","role":"EDITOR","stateCode":"ISL"}}`, sub)
			if errs != nil || data != want {
				t.Fatalf("viewer: %s %+v; want %s", data, errs, want)
			}
			data, errs = post(t, c, createPRY, client.Var("in", map[string]any{"title": "Written with a " + tc.alg + " JWT",
				"summary": "A JWT editor wrote this.", "stateCode": "ISL", "capacities": []string{"COORDINATION"}}), bearer(tc.tok))
			if errs != nil || !strings.Contains(data, `"version":1`) || !strings.Contains(data, `"actor":"jwt:`+sub+`"`) || !strings.Contains(data, `"errors":[]`) {
				t.Fatalf("create: %s %+v", data, errs)
			}
		})
	}
	// The State claim scopes an editor like an API token's --state does.
	mar := claims("carol@example.org")
	mar["state"] = "MAR"
	_, errs := post(t, c, createPRY, client.Var("in", map[string]any{"title": "t", "summary": "s", "stateCode": "ISL",
		"capacities": []string{"COORDINATION"}}), bearer(signRS(t, mar, jwtRSA)))
	if len(errs) == 0 || errs[0].Extensions["code"] != "FORBIDDEN" {
		t.Errorf("JWT editor of MAR writing for ISL: %+v; want FORBIDDEN", errs)
	}
	// A clock a little behind the issuer's is tolerated (leeway).
	late := claims("dave@example.org")
	late["exp"] = time.Now().Add(-5 * time.Second).Unix()
	if data, errs := post(t, c, `{ viewer { name } }`, bearer(signHS(t, late, jwtSecret))); errs != nil || !strings.Contains(data, "jwt:dave") {
		t.Errorf("token expired 5s ago, within the leeway: %s %+v", data, errs)
	}
}

// Every JWT that fails a check gets exactly the answer an unknown API token gets: 401,
// UNAUTHENTICATED, and nothing from the JWT library.
func TestJWTRefusals(t *testing.T) {
	st := testenv.Store(t)
	// The reason of each refusal is logged (so the test knows it failed for the right one).
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	both := jwtHandler(t, st, config.JWT{HS256Secret: jwtSecret, RS256PublicKey: &jwtRSA.PublicKey}, log)
	rsOnly := jwtHandler(t, st, config.JWT{RS256PublicKey: &jwtRSA.PublicKey}, log)
	off := httpapi.New(httpapi.Options{Store: st, Log: log, AllowedOrigins: []string{"http://localhost:3000"}})

	wantStatus, wantAuth, wantBody := rawPost(t, both, "Bearer hub_no-such-token")
	if wantStatus != http.StatusUnauthorized || !strings.Contains(wantBody, `"code":"UNAUTHENTICATED"`) {
		t.Fatalf("unknown API token: %d %s", wantStatus, wantBody)
	}

	with := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		c := claims("mallory@example.org")
		edit(c)
		return c
	}
	pubPEM, err := x509.MarshalPKIXPublicKey(&jwtRSA.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubPEM})
	unsigned, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims("mallory@example.org")).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	otherRSA, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	valid := signHS(t, claims("mallory@example.org"), jwtSecret)

	for _, tc := range []struct {
		name string
		h    http.Handler
		tok  string
		why  string // in the log line
	}{
		{"expired", both, signHS(t, with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-2 * time.Minute).Unix() }), jwtSecret), `token is expired`},
		{"no exp", both, signHS(t, with(func(c jwt.MapClaims) { delete(c, "exp") }), jwtSecret), `exp claim is required`},
		{"not yet valid", both, signHS(t, with(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(10 * time.Minute).Unix() }), jwtSecret), `token is not valid yet`},
		{"wrong issuer", both, signHS(t, with(func(c jwt.MapClaims) { c["iss"] = "https://evil.example.org/" }), jwtSecret), `invalid issuer`},
		{"no issuer", both, signRS(t, with(func(c jwt.MapClaims) { delete(c, "iss") }), jwtRSA), `iss claim is required`},
		{"wrong audience", both, signRS(t, with(func(c jwt.MapClaims) { c["aud"] = []string{"another-api"} }), jwtRSA), `invalid audience`},
		{"alg none", both, unsigned, `signing method none is invalid`},
		{"HS256 when only RS256 is configured", rsOnly, signHS(t, claims("mallory@example.org"), jwtSecret), `signing method HS256 is invalid`},
		{"HS256 signed with the RS256 public key", rsOnly, signHS(t, claims("mallory@example.org"), pubPEM), `signing method HS256 is invalid`},
		{"wrong HS256 secret", both, signHS(t, claims("mallory@example.org"), []byte("another-secret-another-secret-another")), `signature is invalid`},
		{"wrong RS256 key", both, signRS(t, claims("mallory@example.org"), otherRSA), `verification error`},
		{"tampered payload", both, tamper(t, valid), `signature is invalid`},
		{"missing role", both, signHS(t, with(func(c jwt.MapClaims) { delete(c, "role") }), jwtSecret), `claim role is missing`},
		{"bad role", both, signHS(t, with(func(c jwt.MapClaims) { c["role"] = "SUPERUSER" }), jwtSecret), `SUPERUSER`},
		{"lower-case role", both, signHS(t, with(func(c jwt.MapClaims) { c["role"] = "admin" }), jwtSecret), `claim role \"admin\" is not one of`},
		{"role not a string", both, signHS(t, with(func(c jwt.MapClaims) { c["role"] = []string{"ADMIN"} }), jwtSecret), `jwtClaims.role`},
		{"missing sub", both, signHS(t, with(func(c jwt.MapClaims) { delete(c, "sub") }), jwtSecret), `claim sub is missing`},
		{"bad state", both, signHS(t, with(func(c jwt.MapClaims) { c["state"] = "Iceland" }), jwtSecret), `not an ISO alpha-3 code`},
		{"state on an admin", both, signHS(t, with(func(c jwt.MapClaims) { c["role"] = "ADMIN" }), jwtSecret), `only for the EDITOR role`},
		{"JWT not configured", off, valid, `JWTs are not configured`},
		{"three parts, not a JWT", both, "a.b.c", `token is malformed`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logged.Reset()
			status, auth, body := rawPost(t, tc.h, "Bearer "+tc.tok)
			if status != wantStatus || auth != wantAuth || body != wantBody {
				t.Errorf("got %d %q %s\nwant %d %q %s", status, auth, body, wantStatus, wantAuth, wantBody)
			}
			line := logged.String()
			if !strings.Contains(line, "bearer JWT refused") || !strings.Contains(line, tc.why) {
				t.Errorf("log does not give the reason %q:\n%s", tc.why, line)
			}
			if strings.Contains(line, tc.tok) || (len(tc.tok) > 20 && strings.Contains(line, strings.Split(tc.tok, ".")[1])) {
				t.Errorf("the token is in the log:\n%s", line)
			}
		})
	}
}

// tamper turns the token's role claim into ADMIN and keeps the old signature.
func tamper(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	c := claims("mallory@example.org")
	c["role"] = "ADMIN"
	delete(c, "state")
	payload, _ := json.Marshal(c)
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
}
