package httpapi

import (
	"net/http"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// authenticate turns a bearer token into the request's principal. No Authorization header
// means an anonymous viewer; a malformed, unknown or revoked token is refused with 401 and
// UNAUTHENTICATED, so a client never mistakes a typo in its token for anonymous access.
func authenticate(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), domain.Anonymous)))
			return
		}
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			refuse(w, http.StatusUnauthorized, "UNAUTHENTICATED", "the Authorization header must be `Bearer <token>`")
			return
		}
		p, found, err := st.PrincipalByToken(r.Context(), strings.TrimSpace(token))
		switch {
		case err != nil:
			refuse(w, http.StatusServiceUnavailable, "UNAVAILABLE", "credentials cannot be checked now; try again shortly")
		case !found:
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			refuse(w, http.StatusUnauthorized, "UNAUTHENTICATED", "unknown or revoked token")
		default:
			next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), p)))
		}
	})
}

func refuse(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"errors":[{"message":"` + msg + `","extensions":{"code":"` + code + `"}}]}`))
}
