package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nmirf-hub/hub/domain"
)

// Stored content hashes were made from json.Marshal's bytes: appendJSON must write the same
// bytes, or every stored record would read as changed.
func TestAppendJSONWritesWhatJSONMarshalWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"Ratify", " the ", "Convention", "é", "ü", "ß", "“quoted”", "\"", "\\", "<b>", "<", "&", ">", "\n", "\t", "\r",
		"\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\xff", "\xc3", "ملاحظة", "中文", "😀", "96.1", "A/HRC/14/15", ""}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	opt := func() *string {
		if rng.IntN(3) == 0 {
			return nil
		}
		s := text()
		return &s
	}
	num := func() *int {
		if rng.IntN(3) == 0 {
			return nil
		}
		n := rng.IntN(5000) - 100
		return &n
	}
	list := func() []string {
		out := make([]string, rng.IntN(4))
		for i := range out {
			out[i] = text()
		}
		return out
	}
	for i := range 2000 {
		r := RecommendationRecord{Key: text(), Texts: domain.Texts{}, Paragraph: opt(), Type: domain.RecommendationType(text()),
			Year: num(), UprCycle: num(), UprSession: num(), UhriAnnotationID: opt(), DocumentKey: opt(),
			StateCodes: list(), RecommendingStateCodes: list(), ThemeKeys: list(), AffectedGroupKeys: list(), SdgCodes: list(), SourceKeys: list()}
		for _, l := range domain.Languages {
			if rng.IntN(2) == 0 {
				r.Texts[l] = text()
			}
		}
		if rng.IntN(2) == 0 {
			d := domain.NewDate(1990+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
			r.PublishedOn = &d
		}
		if rng.IntN(2) == 0 {
			r.Mechanism = &domain.Mechanism{Key: text(), Code: text(), Kind: domain.MechanismKind(text())}
		}
		if rng.IntN(2) == 0 {
			r.Position = &domain.Position{Value: domain.PositionValue(text()), Label: opt(), SourceSymbol: opt(), SourceParagraph: opt()}
		}
		rows, err := recommendationRows([]RecommendationRecord{r})
		if err != nil {
			t.Fatal(err)
		}
		row := rows[0].(map[string]any)
		plain := map[string]any{"links": map[string]any{"states": row["states"], "sdgs": row["sdgs"]}}
		for k, v := range row["props"].(map[string]any) {
			if d, ok := v.(neo4j.Date); ok {
				v = d.String()
			}
			plain[k] = v
		}
		// The row's content hash is that of json.Marshal's bytes for its properties (before
		// the hash and the identities) with its links under "links".
		whole := map[string]any{"links": map[string]any{"states": row["states"], "recStates": row["recStates"],
			"themes": row["themes"], "groups": row["groups"], "sdgs": row["sdgs"], "sources": row["sources"]}}
		for k, v := range plain {
			if !slices.Contains([]string{"links", "contentHash", "idDoc", "idText", "idVersion"}, k) {
				whole[k] = v
			}
		}
		j, err := json.Marshal(whole)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(j); hex.EncodeToString(sum[:16]) != plain["contentHash"] {
			t.Fatalf("record %d: content hash %v, json.Marshal's bytes give %x", i, plain["contentHash"], sum[:16])
		}
		plain["nilList"], plain["int"] = []string(nil), i
		want, err := json.Marshal(plain)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSON(nil, plain)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("record %d:\nappendJSON   %s\njson.Marshal %s", i, got, want)
		}
	}
}
