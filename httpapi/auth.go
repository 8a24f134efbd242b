package httpapi

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// authenticate turns a bearer credential into the request's principal. No Authorization
// header means an anonymous viewer; a malformed, unknown or revoked token is refused with 401
// and UNAUTHENTICATED, so a client never mistakes a typo in its token for anonymous access.
//
// A credential shaped like a JWT (three dot-separated parts) is verified by jv, and refused
// with the very same answer when it fails any check or when JWTs are not configured (jv nil);
// why it failed goes to the log (never the token), not to the client.
func authenticate(st *store.Store, jv *jwtVerifier, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), domain.Anonymous)))
			return
		}
		token, ok := strings.CutPrefix(h, "Bearer ")
		token = strings.TrimSpace(token)
		if !ok || token == "" {
			refuse(w, http.StatusUnauthorized, "UNAUTHENTICATED", "the Authorization header must be `Bearer <token>`")
			return
		}
		if looksLikeJWT(token) {
			if jv == nil {
				log.InfoContext(r.Context(), "bearer JWT refused", "reason", "JWTs are not configured (JWT_HS256_SECRET_FILE, JWT_RS256_PUBLIC_KEY_FILE)",
					"request_id", RequestID(r.Context()))
				refuseToken(w)
				return
			}
			p, err := jv.principal(token)
			if err != nil {
				log.InfoContext(r.Context(), "bearer JWT refused", "reason", err.Error(), "request_id", RequestID(r.Context()))
				refuseToken(w)
				return
			}
			log.DebugContext(r.Context(), "bearer JWT accepted", "principal", p.Name, "role", string(p.Role), "request_id", RequestID(r.Context()))
			next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), p)))
			return
		}
		p, found, err := st.PrincipalByToken(r.Context(), token)
		switch {
		case err != nil:
			refuse(w, http.StatusServiceUnavailable, "UNAVAILABLE", "credentials cannot be checked now; try again shortly")
		case !found:
			refuseToken(w)
		default:
			next.ServeHTTP(w, r.WithContext(domain.WithPrincipal(r.Context(), p)))
		}
	})
}

// refuseToken is the one answer to every credential that is not accepted.
func refuseToken(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	refuse(w, http.StatusUnauthorized, "UNAUTHENTICATED", "unknown or revoked token")
}

func refuse(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"errors":[{"message":"` + msg + `","extensions":{"code":"` + code + `"}}]}`))
}
