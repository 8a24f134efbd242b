package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/store"
)

// Peer practices: good practices of other States' NMIRFs, and why each is suggested.

func (r *Resolver) peerPractices(ctx context.Context, stateCode, recKey string, first *int) ([]*store.PeerSuggestion, error) {
	n, err := intIn("first", first, 5, 1, 20)
	if err != nil {
		return nil, err
	}
	var p []store.PeerSuggestion
	if stateCode != "" {
		p, err = r.Store.PeerPracticesForState(ctx, stateCode, n)
	} else {
		p, err = r.Store.PeerPracticesForRecommendation(ctx, recKey, n)
	}
	return pointers(p), err
}

// peerReason says why a practice is suggested: its matches in words, the one adding most
// first ("addresses the theme "Data collection and research", shared by 12 recommendations;
// …").
func (r *Resolver) peerReason(_ context.Context, p *store.PeerSuggestion) (string, error) {
	parts := make([]string, 0, len(p.Matches))
	for _, m := range p.Matches {
		parts = append(parts, peerMatchWords(m))
	}
	if len(parts) == 0 {
		return "shares a theme", nil
	}
	return strings.Join(parts, "; "), nil
}

func peerMatchWords(m store.PeerMatch) string {
	recs := func(one, many string) string {
		if m.Recommendations == 1 {
			return one
		}
		return fmt.Sprintf(many, m.Recommendations)
	}
	switch m.Kind {
	case "THEME":
		return fmt.Sprintf("addresses the theme %q", m.Detail) + recs(" of the recommendation", ", shared by %d recommendations")
	case "NEED":
		what := "one of its capacities"
		if m.Via != nil {
			what = fmt.Sprintf("its dimension %q", m.Via.Label)
		}
		return recs("the recommendation asks", "%d recommendations ask") + fmt.Sprintf(" for %s, which %s covers", m.Detail, what)
	case "AFFECTED_GROUP":
		return fmt.Sprintf("followed up recommendations concerning %s", m.Detail) + recs(", like the recommendation", ", like %d of these")
	case "RECOMMENDED_BY":
		return fmt.Sprintf("%s, its State, made ", m.Detail) + recs("the recommendation", "%d of the recommendations")
	case "MECHANISM":
		return fmt.Sprintf("followed up recommendations of %s, which made ", m.Detail) + recs("the recommendation", "%d of these")
	case "NMIRF_GAP":
		dim := ""
		if m.Via != nil {
			dim = m.Via.Label
		}
		return fmt.Sprintf("shows %q; %s", dim, m.Detail)
	}
	return strings.ToLower(m.Kind)
}
