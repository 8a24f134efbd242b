package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/nmirf-hub/hub/domain"
)

// Clustering a State's recommendations by theme, for a national implementation plan (the
// core NMIRF workflow in OHCHR's guidance): a greedy set cover — the theme that covers most
// recommendations not yet placed forms the next cluster, and so on — so each recommendation
// is in exactly one cluster and the clusters come largest first. Recommendations without a
// theme form a last cluster. Curated clusters override these: the recommendations an NMIRF
// placed in its (active) curated clusters form those clusters, which come first, and only the
// rest is clustered by theme.

// Cluster is a group of recommendations.
type Cluster struct {
	ThemeKey   string // "" for the cluster of recommendations without a theme
	CuratedKey string // the curated cluster, for one an NMIRF made
	Keys       []string
}

// ClusterRecommendations clusters the recommendations addressed to a State that match f.
func (s *Store) ClusterRecommendations(ctx context.Context, code string, f domain.RecommendationFilter) ([]Cluster, error) {
	params := visibility(ctx, map[string]any{"code": code})
	where := filterWhere(f, params)
	recs, err := s.read(ctx, `MATCH (:State {code: $code})<-[:ADDRESSED_TO]-(r:Recommendation)
WHERE `+where+`
RETURN r.key AS key, [(r)-[:HAS_THEME]->(t:Theme) | t.key] AS themes,
  [(c:CuratedCluster)-[:GROUPS]->(r) WHERE `+visibleNode("c")+`
     AND EXISTS { (c)-[:BY_NMIRF]->(:NMIRF)-[:OF_STATE]->(:State {code: $code}) } | c.key] AS curated
ORDER BY r.sk_para`, params)
	if err != nil {
		return nil, fmt.Errorf("cluster recommendations: %w", err)
	}
	themesOf, curatedOf := map[string][]string{}, map[string][]string{}
	var order []string
	for _, r := range recs {
		key := strOf(r, "key")
		order = append(order, key)
		for _, t := range listAny(r, "themes") {
			if k, ok := t.(string); ok {
				themesOf[key] = append(themesOf[key], k)
			}
		}
		for _, c := range listAny(r, "curated") {
			if k, ok := c.(string); ok {
				curatedOf[key] = append(curatedOf[key], k)
			}
		}
	}
	curated, rest := curatedClusters(order, curatedOf)
	return append(curated, greedyClusters(rest, themesOf)...), nil
}

// curatedClusters places each recommendation that is in some curated cluster into one of
// them — the largest, ties to the smaller key, so the result is deterministic — and returns
// those clusters, largest first, and the recommendations left for the computed clustering.
func curatedClusters(order []string, curatedOf map[string][]string) ([]Cluster, []string) {
	size := map[string]int{}
	for _, cs := range curatedOf {
		for _, c := range cs {
			size[c]++
		}
	}
	better := func(a, b string) bool { return size[a] > size[b] || size[a] == size[b] && a < b }
	byKey := map[string]*Cluster{}
	var keys, rest []string
	for _, r := range order {
		cs := curatedOf[r]
		if len(cs) == 0 {
			rest = append(rest, r)
			continue
		}
		best := cs[0]
		for _, c := range cs[1:] {
			if better(c, best) {
				best = c
			}
		}
		if byKey[best] == nil {
			byKey[best] = &Cluster{CuratedKey: best}
			keys = append(keys, best)
		}
		byKey[best].Keys = append(byKey[best].Keys, r)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := byKey[keys[i]], byKey[keys[j]]
		return len(a.Keys) > len(b.Keys) || len(a.Keys) == len(b.Keys) && keys[i] < keys[j]
	})
	out := make([]Cluster, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out, rest
}

// greedyClusters is the set cover; ties go to the theme key that sorts first, so the result
// is deterministic.
func greedyClusters(order []string, themesOf map[string][]string) []Cluster {
	placed := map[string]bool{}
	var out []Cluster
	for {
		count := map[string]int{}
		for _, k := range order {
			if placed[k] {
				continue
			}
			for _, t := range themesOf[k] {
				count[t]++
			}
		}
		if len(count) == 0 {
			break
		}
		themes := make([]string, 0, len(count))
		for t := range count {
			themes = append(themes, t)
		}
		sort.Slice(themes, func(i, j int) bool {
			if count[themes[i]] != count[themes[j]] {
				return count[themes[i]] > count[themes[j]]
			}
			return themes[i] < themes[j]
		})
		best := themes[0]
		c := Cluster{ThemeKey: best}
		for _, k := range order {
			if !placed[k] && contains(themesOf[k], best) {
				placed[k] = true
				c.Keys = append(c.Keys, k)
			}
		}
		out = append(out, c)
	}
	var rest []string
	for _, k := range order {
		if !placed[k] {
			rest = append(rest, k)
		}
	}
	if len(rest) > 0 {
		out = append(out, Cluster{Keys: rest})
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
