package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// StatePool is what practices of one State can point at: the State's NMIRF (empty when it
// has none yet, then one is made up) and the recommendations addressed to it that its
// practices may address.
type StatePool struct {
	Code            string
	NMIRFKey        string
	Recommendations []string // recommendation keys
}

// SourceKey is the source every synthetic NMIRF and practice cites.
const SourceKey = "synthetic-benchmark"

var capacities = []domain.Capacity{"ENGAGEMENT", "COORDINATION", "CONSULTATION", "INFORMATION_MANAGEMENT"}

// Practices makes the NMIRFs and good practices that go with synthetic recommendations:
// an NMIRF for each State that lacks one and perState published practices per State, each on
// one to three themes and addressing 5 to 30 of the pool's recommendations. Pools are small
// (a State's newest recommendations), so practices of a State share recommendations, as real
// ones do, and a practice→recommendation→practice traversal finds neighbours. Deterministic
// for a given seed; every name says it is synthetic.
func Practices(pools []StatePool, themeKeys []string, perState int, seed uint64) store.Seed {
	rng := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	title := "Synthetic benchmark data"
	out := store.Seed{Sources: []domain.Source{{Key: SourceKey, Title: title}}}
	for _, pool := range pools {
		nmirf := pool.NMIRFKey
		if nmirf == "" {
			nmirf = "synthetic-" + strings.ToLower(pool.Code)
			out.NMIRFs = append(out.NMIRFs, store.Sourced[domain.NMIRF]{SourceKeys: []string{SourceKey},
				Item: domain.NMIRF{Key: nmirf, Name: fmt.Sprintf("[SYNTHETIC] National mechanism of %s", pool.Code), StateCode: pool.Code}})
		}
		if len(pool.Recommendations) == 0 {
			continue
		}
		for i := range perState {
			recs := pickN(rng, pool.Recommendations, 5+rng.IntN(26))
			caps := []domain.Capacity{pick(rng, capacities)}
			out.Practices = append(out.Practices, store.PracticeSeed{
				Practice: domain.GoodPractice{
					Key:             fmt.Sprintf("synthetic-%s-%d", strings.ToLower(pool.Code), i+1),
					Titles:          domain.Texts{"EN": fmt.Sprintf("[SYNTHETIC] %s %s", pool.Code, sentence(rng))},
					Summaries:       domain.Texts{"EN": "[SYNTHETIC] " + sentence(rng)},
					NMIRFKey:        &nmirf,
					StateCode:       pool.Code,
					PracticeDetails: domain.PracticeDetails{Capacities: caps},
					Status:          "PUBLISHED",
				},
				ThemeKeys:          pickN(rng, themeKeys, 1+rng.IntN(3)),
				RecommendationKeys: recs,
				SourceKeys:         []string{SourceKey},
			})
		}
	}
	return out
}
