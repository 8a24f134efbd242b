package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/domain"
)

// API tokens are stored hashed (SHA-256 of the token): the plain token is shown once, when
// it is created, and a copy of the database never reveals a usable token.

// TokenPrefix starts every token, so scanners and people recognise them.
const TokenPrefix = "hub_"

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Errors of CreateToken and RevokeToken that the caller can act on.
var (
	ErrTokenNameTaken  = errors.New("an active token already has this name")
	ErrUnknownState    = errors.New("no State with this code in the graph")
	ErrAmbiguousRevoke = errors.New("several active tokens have this name")
)

// CreateToken stores a new token and returns its id and the plain token. The name must not
// be an active token's (so that revoking by name is exact), and a State scope must be a
// State of the graph.
func (s *Store) CreateToken(ctx context.Context, name string, role domain.Role, stateCode string) (id, token string, err error) {
	check, err := s.read(ctx, `OPTIONAL MATCH (t:ApiToken {name: $name}) WHERE t.revokedAt IS NULL
WITH count(t) AS taken
OPTIONAL MATCH (s:State {code: $scope})
RETURN taken, count(s) AS states`, map[string]any{"name": name, "scope": stateCode})
	if err != nil {
		return "", "", fmt.Errorf("create token: %w", err)
	}
	if intOf(check[0], "taken") > 0 {
		return "", "", fmt.Errorf("%w: %q (revoke it first, or choose another name)", ErrTokenNameTaken, name)
	}
	if stateCode != "" && intOf(check[0], "states") == 0 {
		return "", "", fmt.Errorf("%w: %q", ErrUnknownState, stateCode)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	id = uuid.NewString()
	var scope any
	if stateCode != "" {
		scope = stateCode
	}
	_, err = s.write(ctx, `CREATE (:ApiToken {id: $id, name: $name, role: $role, stateCode: $scope, hash: $hash, createdAt: $now})`,
		map[string]any{"id": id, "name": name, "role": string(role), "scope": scope, "hash": HashToken(token),
			"now": neo4j.LocalDateTimeOf(time.Now().UTC())})
	if err != nil {
		return "", "", fmt.Errorf("create token: %w", err)
	}
	return id, token, nil
}

// RevokeToken revokes the active token whose id, or else whose exact name, is idOrName, and
// returns its id ("" when none matches). A name that several active tokens share (made
// before names were unique) is refused with ErrAmbiguousRevoke naming their ids.
func (s *Store) RevokeToken(ctx context.Context, idOrName string) (string, error) {
	recs, err := s.read(ctx, `MATCH (t:ApiToken) WHERE t.revokedAt IS NULL AND (t.id = $x OR t.name = $x)
RETURN t.id AS id, t.id = $x AS byId ORDER BY byId DESC, id`, map[string]any{"x": idOrName})
	if err != nil {
		return "", fmt.Errorf("revoke token: %w", err)
	}
	if len(recs) == 0 {
		return "", nil
	}
	if byID, _ := recs[0].Get("byId"); byID != true && len(recs) > 1 {
		ids := make([]string, len(recs))
		for i, r := range recs {
			ids[i] = strOf(r, "id")
		}
		return "", fmt.Errorf("%w %q: revoke one by id (%s)", ErrAmbiguousRevoke, idOrName, strings.Join(ids, ", "))
	}
	id := strOf(recs[0], "id")
	if _, err := s.write(ctx, `MATCH (t:ApiToken {id: $id}) WHERE t.revokedAt IS NULL SET t.revokedAt = $now`,
		map[string]any{"id": id, "now": neo4j.LocalDateTimeOf(time.Now().UTC())}); err != nil {
		return "", fmt.Errorf("revoke token: %w", err)
	}
	return id, nil
}

// PrincipalByToken returns the principal of a valid (not revoked) token, or false.
func (s *Store) PrincipalByToken(ctx context.Context, token string) (domain.Principal, bool, error) {
	recs, err := s.read(ctx, `MATCH (t:ApiToken {hash: $hash}) WHERE t.revokedAt IS NULL
RETURN t{.id, .name, .role, .stateCode} AS t`, map[string]any{"hash": HashToken(token)})
	if err != nil {
		return domain.Principal{}, false, fmt.Errorf("check token: %w", err)
	}
	if len(recs) == 0 {
		return domain.Principal{}, false, nil
	}
	m := mapOf(recs[0], "t")
	return domain.Principal{TokenID: str(m, "id"), Name: str(m, "name"), Role: domain.Role(str(m, "role")),
		StateCode: str(m, "stateCode")}, true, nil
}
