package httpapi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/nmirf-hub/hub/config"
	"github.com/nmirf-hub/hub/domain"
)

// JWTPrefix starts the name and token id of every principal that comes from a JWT, so the
// history tells "jwt:alice" (a subject of the identity provider) from an API token's name.
const JWTPrefix = "jwt:"

// looksLikeJWT reports whether a bearer credential has the shape of a JWS compact
// serialisation (three dot-separated parts). API tokens never contain a dot.
func looksLikeJWT(token string) bool { return strings.Count(token, ".") == 2 }

// jwtClaims are the claims the hub reads: the registered ones, plus the role and the
// optional State scope of an editor.
type jwtClaims struct {
	jwt.RegisteredClaims
	Role  string `json:"role"`
	State string `json:"state"`
}

// jwtVerifier checks JWTs against the configured keys, issuer and audience.
type jwtVerifier struct {
	cfg    config.JWT
	parser *jwt.Parser
}

// newJWTVerifier returns nil when JWTs are not configured.
func newJWTVerifier(c config.JWT) *jwtVerifier {
	if !c.Enabled() {
		return nil
	}
	return &jwtVerifier{cfg: c, parser: jwt.NewParser(
		// Only the algorithms with a configured key: never "none", and an HS256 token is
		// refused when only an RS256 key is set (no use of a public key as an HMAC secret).
		jwt.WithValidMethods(c.Methods()),
		jwt.WithIssuer(c.Issuer),
		jwt.WithAudience(c.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(c.Leeway),
	)}
}

// principal verifies token and maps its claims to a principal. The error is for the server
// log only: it never reaches the client, and it never contains the token.
func (v *jwtVerifier) principal(token string) (domain.Principal, error) {
	var claims jwtClaims
	_, err := v.parser.ParseWithClaims(token, &claims, v.key)
	if err != nil {
		return domain.Principal{}, err
	}
	sub := strings.TrimSpace(claims.Subject)
	if sub == "" {
		return domain.Principal{}, errors.New("claim sub is missing")
	}
	if len(sub) > 200 {
		return domain.Principal{}, errors.New("claim sub is longer than 200 characters")
	}
	role := domain.Role(claims.Role)
	if claims.Role == "" {
		return domain.Principal{}, errors.New("claim role is missing")
	}
	if !domain.Valid(role, domain.Roles) {
		return domain.Principal{}, fmt.Errorf("claim role %.20q is not one of VIEWER, EDITOR, ADMIN", claims.Role)
	}
	if claims.State != "" {
		if !domain.IsStateCode(claims.State) {
			return domain.Principal{}, fmt.Errorf("claim state %.20q is not an ISO alpha-3 code", claims.State)
		}
		if role != domain.RoleEditor {
			return domain.Principal{}, fmt.Errorf("claim state is only for the EDITOR role, not %s", role)
		}
	}
	return domain.Principal{TokenID: JWTPrefix + sub, Name: JWTPrefix + sub, Role: role, StateCode: claims.State}, nil
}

// key picks the verification key by the token's algorithm (already one of the valid methods).
func (v *jwtVerifier) key(t *jwt.Token) (any, error) {
	switch t.Method {
	case jwt.SigningMethodHS256:
		if len(v.cfg.HS256Secret) > 0 {
			return []byte(v.cfg.HS256Secret), nil
		}
	case jwt.SigningMethodRS256:
		if v.cfg.RS256PublicKey != nil {
			return v.cfg.RS256PublicKey, nil
		}
	}
	return nil, fmt.Errorf("no key for algorithm %s", t.Method.Alg())
}
