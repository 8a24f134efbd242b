package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// TrustedDocuments is the allow-list of operations a public frontend may send, keyed by
// the SHA-256 of the document text (the hash Apollo's persisted queries use).
type TrustedDocuments struct {
	byHash map[string]string
}

// LoadTrustedDocuments reads a JSON object {"<sha256>": "<document>", …} — the manifest
// that persisted-query tooling writes — and checks every hash.
func LoadTrustedDocuments(path string) (*TrustedDocuments, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for hash, doc := range m {
		if hashOf(doc) != hash {
			return nil, fmt.Errorf("%s: the document under %s does not have that SHA-256", path, hash)
		}
	}
	return &TrustedDocuments{byHash: m}, nil
}

func hashOf(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// trustedOnly refuses every operation that is not on the allow-list, before parsing. A
// client may send the hash alone (extensions.persistedQuery.sha256Hash) or the full text.
type trustedOnly struct{ docs *TrustedDocuments }

func (trustedOnly) ExtensionName() string                   { return "TrustedDocuments" }
func (trustedOnly) Validate(graphql.ExecutableSchema) error { return nil }
func (t trustedOnly) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query != "" {
		if _, ok := t.docs.byHash[hashOf(p.Query)]; ok {
			return nil
		}
		return refusal("PERSISTED_QUERY_NOT_ALLOWED", "this server runs only registered operations; this one is not registered")
	}
	var ext struct {
		PersistedQuery struct {
			Sha256Hash string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	}
	if b, err := json.Marshal(p.Extensions); err == nil {
		_ = json.Unmarshal(b, &ext)
	}
	doc, ok := t.docs.byHash[ext.PersistedQuery.Sha256Hash]
	if !ok {
		return refusal("PERSISTED_QUERY_NOT_ALLOWED", "this server runs only registered operations; send a registered hash")
	}
	p.Query = doc
	return nil
}

// operationNames are the names of the operations the trusted documents define: metric
// labels the allow-list vouches for.
func (t *TrustedDocuments) operationNames() []string {
	var out []string
	for _, doc := range t.byHash {
		q, err := parser.ParseQuery(&ast.Source{Input: doc})
		if err != nil {
			continue
		}
		for _, op := range q.Operations {
			if op.Name != "" {
				out = append(out, op.Name)
			}
		}
	}
	return out
}
