package store

import (
	"reflect"
	"testing"
)

func TestGreedyClusters(t *testing.T) {
	order := []string{"a", "b", "c", "d", "e"}
	themes := map[string][]string{"a": {"edu", "disc"}, "b": {"disc"}, "c": {"disc", "health"}, "d": {"health", "edu"}}
	got := greedyClusters(order, themes)
	want := []Cluster{{"disc", []string{"a", "b", "c"}}, {"edu", []string{"d"}}, {"", []string{"e"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
