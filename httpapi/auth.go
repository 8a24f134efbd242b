package httpapi

import (
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Failed token look-ups are remembered so that a flood of made-up tokens costs no database
// round trip. Only failures are cached (a revoked token is refused at once, never served from
// a cache); a failure is forgotten after FailedTokenTTL, so a token whose hash happened to be
// looked up before it was created works at the latest FailedTokenTTL after its creation.
const (
	// FailedTokenTTL is how long an unknown or revoked token is answered from memory.
	FailedTokenTTL = 30 * time.Second
	// failedTokenCacheSize bounds the cache (SHA-256 hashes: ~100 bytes an entry).
	failedTokenCacheSize = 10000
)

// bearerToken is RFC 6750's b64token: the only shape of credential accepted after "Bearer ".
var bearerToken = regexp.MustCompile(`^[A-Za-z0-9\-._~+/]+=*$`)

// parseBearer reads `Bearer <token>`: the scheme, exactly one space and a token without
// spaces. Anything else is malformed (and refused), so that no spelling of one credential can
// pass for another client.
func parseBearer(h string) (string, bool) {
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || !bearerToken.MatchString(token) {
		return "", false
	}
	return token, true
}

// authenticate turns a bearer credential into the request's principal. No Authorization
// header means an anonymous viewer; a malformed, unknown or revoked token is refused with 401
// and UNAUTHENTICATED, so a client never mistakes a typo in its token for anonymous access.
//
// A credential shaped like a JWT (three dot-separated parts) is verified by jv, and refused
// with the very same answer when it fails any check or when JWTs are not configured (jv nil);
// why it failed goes to the log (never the token), not to the client.
//
// Unknown and revoked API tokens are remembered (by hash) for ttl, so repeating one costs no
// database look-up.
func authenticate(st *store.Store, jv *jwtVerifier, log *slog.Logger, ttl time.Duration) func(http.Handler) http.Handler {
	if ttl <= 0 {
		ttl = FailedTokenTTL
	}
	failed := expirable.NewLRU[string, struct{}](failedTokenCacheSize, nil, ttl)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := r.Header["Authorization"]
			if len(h) == 0 || (len(h) == 1 && h[0] == "") {
				next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), domain.Anonymous)))
				return
			}
			token, ok := "", len(h) == 1 // two Authorization headers are malformed
			if ok {
				token, ok = parseBearer(h[0])
			}
			if !ok {
				refuse(w, r, http.StatusUnauthorized, "UNAUTHENTICATED", "the Authorization header must be `Bearer <token>` (one space, no other spaces)")
				return
			}
			if looksLikeJWT(token) {
				if jv == nil {
					log.InfoContext(r.Context(), "bearer JWT refused", "reason", "JWTs are not configured (JWT_HS256_SECRET_FILE, JWT_RS256_PUBLIC_KEY_FILE)",
						"request_id", RequestID(r.Context()))
					refuseToken(w, r)
					return
				}
				p, err := jv.principal(token)
				if err != nil {
					log.InfoContext(r.Context(), "bearer JWT refused", "reason", err.Error(), "request_id", RequestID(r.Context()))
					refuseToken(w, r)
					return
				}
				log.DebugContext(r.Context(), "bearer JWT accepted", "principal", p.Name, "role", string(p.Role), "request_id", RequestID(r.Context()))
				next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), p)))
				return
			}
			hash := store.HashToken(token)
			if _, known := failed.Get(hash); known {
				refuseToken(w, r)
				return
			}
			p, found, err := st.PrincipalByToken(r.Context(), token)
			switch {
			case err != nil:
				w.Header().Set("Retry-After", "1") // as for every caller while the database is down (spec.go)
				refuse(w, r, http.StatusServiceUnavailable, "UNAVAILABLE", "credentials cannot be checked now; try again shortly")
			case !found:
				failed.Add(hash, struct{}{})
				refuseToken(w, r)
			default:
				next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), p)))
			}
		})
	}
}

// refuseToken is the one answer to every credential that is not accepted.
func refuseToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	refuse(w, r, http.StatusUnauthorized, "UNAUTHENTICATED", "unknown or revoked token")
}

func refuse(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	reportError(r.Context(), code)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"errors":[{"message":"` + msg + `","extensions":{"code":"` + code + `"}}]}`))
}
