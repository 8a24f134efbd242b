// Package synth writes synthetic recommendations in OHCHR's UHRI bulk-JSON format, for
// benchmarks and load tests: realistic shares of mechanisms, States, themes and links, drawn
// from the hub's own reference tables, deterministic for a given seed. Every record is marked
// "Synthetic": true and its text says so, so it can never pass for real data.
package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/refdata"
)

// Record is one UHRI-JSON annotation (field names as in the real export).
type Record struct {
	AnnotationID           string   `json:"AnnotationId"`
	AnnotationType         string   `json:"AnnotationType"`
	Body                   string   `json:"Body"`
	Countries              []string `json:"Countries"`
	Regions                []string `json:"Regions"`
	Symbol                 string   `json:"Symbol"`
	DocumentID             string   `json:"DocumentId"`
	PublicationDate        string   `json:"PublicationDate"`
	PublicationDateOnUhri  string   `json:"PublicationDateOnUhri"`
	Themes                 []string `json:"Themes"`
	AffectedPersons        []string `json:"AffectedPersons"`
	Sdgs                   []string `json:"Sdgs"`
	Text                   string   `json:"Text"`
	UprCycle               *int     `json:"UprCycle"`
	UprSession             []string `json:"UprSession"`
	UprPositions           []string `json:"UprPositions"`
	UprRecommendingCountry []string `json:"UprRecommendingCountry"`
	UprRecommendingRegions []string `json:"UprRecommendingRegions"`
	Synthetic              bool     `json:"Synthetic"`
}

type tables struct {
	states  []string // UN M49 English names of the 193 member States
	upr     string
	treaty  []string
	special []string
	themes  []string
	groups  []string
	sdgs    []string // "16.2 - Protect children …"
}

func loadTables() (*tables, error) {
	t := &tables{}
	ref, err := refdata.Load()
	if err != nil {
		return nil, err
	}
	for _, s := range ref.States {
		if s.UnMember {
			t.states = append(t.states, s.Name)
		}
	}
	for _, m := range ref.Mechanisms {
		if len(m.UhriLabels) == 0 {
			continue
		}
		switch m.Kind {
		case "UPR":
			t.upr = m.UhriLabels[0]
		case "TREATY_BODY":
			t.treaty = append(t.treaty, m.UhriLabels[0])
		default:
			t.special = append(t.special, m.UhriLabels[0])
		}
	}
	for _, th := range ref.Themes {
		t.themes = append(t.themes, th.Names["EN"])
	}
	for _, g := range ref.AffectedGroups {
		t.groups = append(t.groups, g.Names["EN"])
	}
	for _, tg := range ref.SdgTargets {
		t.sdgs = append(t.sdgs, tg.Code+" - "+tg.Names["EN"])
	}
	if t.upr == "" || len(t.treaty) == 0 || len(t.states) == 0 {
		return nil, fmt.Errorf("reference tables incomplete")
	}
	return t, nil
}

var words = strings.Fields(`strengthen ensure adopt continue take measures guarantee protect promote implement
	legislation policy access justice education health women children persons disabilities indigenous peoples
	migrants detention torture violence discrimination equality participation national plan independent
	institution human rights mechanism follow-up reporting data monitoring resources budget training`)

// Write writes n synthetic records as one JSON array (the shape of the real bulk export),
// streaming, so memory stays flat whatever n is.
func Write(w io.Writer, n int, seed uint64) error {
	t, err := loadTables()
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	if _, err := bw.WriteString("[\n"); err != nil {
		return err
	}
	base := time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		if i > 0 {
			if _, err := bw.WriteString(","); err != nil {
				return err
			}
		}
		if err := enc.Encode(t.record(rng, base)); err != nil {
			return err
		}
	}
	if _, err := bw.WriteString("]\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

// pickN draws k distinct items.
func pickN(rng *rand.Rand, s []string, k int) []string {
	out := make([]string, 0, k)
	seen := map[int]bool{}
	for len(out) < k && len(seen) < len(s) {
		i := rng.IntN(len(s))
		if !seen[i] {
			seen[i] = true
			out = append(out, s[i])
		}
	}
	return out
}

// zipf picks skewed indexes: a few States, themes and bodies carry most records, as in UHRI.
func zipf(rng *rand.Rand, n int) int {
	return int(float64(n) * rng.Float64() * rng.Float64())
}

func (t *tables) record(rng *rand.Rand, base time.Time) Record {
	state := t.states[zipf(rng, len(t.states))]
	published := base.AddDate(0, 0, rng.IntN(19*365))
	r := Record{
		AnnotationID: uuid.Must(uuid.NewRandomFromReader(rng2reader{rng})).String(),
		DocumentID:   uuid.Must(uuid.NewRandomFromReader(rng2reader{rng})).String(),
		Countries:    []string{state}, Regions: []string{},
		PublicationDate:       published.Format("2006-01-02T15:04:05"),
		PublicationDateOnUhri: published.AddDate(0, 1, 0).Format("2006-01-02T15:04:05.000"),
		Themes:                pickN(rng, t.themes, 1+rng.IntN(4)),
		AffectedPersons:       pickN(rng, t.groups, rng.IntN(3)),
		Sdgs:                  pickN(rng, t.sdgs, rng.IntN(3)),
		UprSession:            []string{}, UprPositions: []string{}, UprRecommendingCountry: []string{}, UprRecommendingRegions: []string{},
		Synthetic: true,
	}
	// Favour a long tail of themes: move a popular theme to the front now and then.
	if rng.IntN(3) == 0 {
		r.Themes[0] = t.themes[zipf(rng, len(t.themes))]
	}
	paragraph := fmt.Sprintf("%d.%d", 100+rng.IntN(60), 1+rng.IntN(250))
	year := published.Year()
	switch x := rng.IntN(100); {
	case x < 48: // UPR, which began in 2008
		if year < 2008 {
			published = published.AddDate(2008-year, 0, 0)
			year = published.Year()
			r.PublicationDate = published.Format("2006-01-02T15:04:05")
		}
		r.Body = "- " + t.upr
		r.AnnotationType = "Recommendations"
		cycle := uprCycle(year)
		r.UprCycle = &cycle
		session := 1 + (year-2008)*3 + rng.IntN(3)
		r.UprSession = []string{fmt.Sprint(session)}
		r.Symbol = fmt.Sprintf("A/HRC/%d/%d", 7+(year-2008)*3, 1+rng.IntN(20))
		r.UprPositions = []string{pick(rng, []string{"Supported", "Supported", "Supported", "Noted", "Supported/Noted"})}
		recs := pickN(rng, t.states, 1+boolInt(rng.IntN(10) == 0))
		r.UprRecommendingCountry = recs
		r.Text = fmt.Sprintf("%s [SYNTHETIC] %s (%s);", paragraph, sentence(rng), strings.Join(recs, ", "))
	case x < 88: // treaty bodies
		body := t.treaty[zipf(rng, len(t.treaty))]
		r.Body = "- " + body
		r.AnnotationType = pick(rng, []string{"Recommendations", "Recommendations", "- Concerns/Observations"})
		r.Symbol = fmt.Sprintf("%s/C/%s/CO/%d", body, strings.ToUpper(state[:3]), 1+rng.IntN(8))
		r.Text = fmt.Sprintf("%d. [SYNTHETIC] %s.", 1+rng.IntN(60), sentence(rng))
	default: // special procedures
		r.Body = "- " + t.special[rng.IntN(len(t.special))]
		r.AnnotationType = pick(rng, []string{"Recommendations", "Others"})
		r.Symbol = fmt.Sprintf("A/HRC/%d/%d/Add.%d", 7+(year-2008)*3, 30+rng.IntN(30), 1+rng.IntN(3))
		r.Text = fmt.Sprintf("%d. [SYNTHETIC] %s.", 60+rng.IntN(40), sentence(rng))
	}
	return r
}

func sentence(rng *rand.Rand) string {
	n := 12 + rng.IntN(30)
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ")
}

func uprCycle(year int) int {
	switch {
	case year <= 2011:
		return 1
	case year <= 2016:
		return 2
	case year <= 2021:
		return 3
	}
	return 4
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rng2reader feeds uuid generation from the seeded generator, so IDs are reproducible.
type rng2reader struct{ r *rand.Rand }

func (r rng2reader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.UintN(256))
	}
	return len(p), nil
}
