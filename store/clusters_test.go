package store

import (
	"reflect"
	"testing"
)

func TestGreedyClusters(t *testing.T) {
	order := []string{"a", "b", "c", "d", "e"}
	themes := map[string][]string{"a": {"edu", "disc"}, "b": {"disc"}, "c": {"disc", "health"}, "d": {"health", "edu"}}
	got := greedyClusters(order, themes)
	want := []Cluster{{ThemeKey: "disc", Keys: []string{"a", "b", "c"}}, {ThemeKey: "edu", Keys: []string{"d"}}, {Keys: []string{"e"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestCuratedClustersComeFirstAndHoldEachRecommendationOnce(t *testing.T) {
	order := []string{"a", "b", "c", "d", "e"}
	// "b" is in both clusters; x is larger, so b goes to x.
	curated := map[string][]string{"a": {"y"}, "b": {"y", "x"}, "c": {"x"}, "d": {"x"}}
	got, rest := curatedClusters(order, curated)
	want := []Cluster{{CuratedKey: "x", Keys: []string{"b", "c", "d"}}, {CuratedKey: "y", Keys: []string{"a"}}}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(rest, []string{"e"}) {
		t.Errorf("got %+v rest %v\nwant %+v rest [e]", got, rest, want)
	}
}
