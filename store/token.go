package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
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

// CreateToken stores a new token and returns its id and the plain token.
func (s *Store) CreateToken(ctx context.Context, name string, role domain.Role, stateCode string) (id, token string, err error) {
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

// RevokeToken revokes the token with this id or name; it reports how many it revoked.
func (s *Store) RevokeToken(ctx context.Context, idOrName string) (int, error) {
	recs, err := s.write(ctx, `MATCH (t:ApiToken) WHERE (t.id = $x OR t.name = $x) AND t.revokedAt IS NULL
SET t.revokedAt = $now RETURN count(t) AS n`, map[string]any{"x": idOrName, "now": neo4j.LocalDateTimeOf(time.Now().UTC())})
	if err != nil {
		return 0, fmt.Errorf("revoke token: %w", err)
	}
	return intOf(recs[0], "n"), nil
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
