package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/bench/load"
)

func sample() Result {
	return Result{Date: "2026-01-01T00:00:00Z", Queries: []Row{
		{Name: "node-lookup", Concurrency: 1, HubRoundTrips: 1,
			Hub: load.Stats{RPS: 900, P99: 2.5}, Peer: load.Stats{RPS: 300, P99: 9}, Floor: load.Stats{RPS: 1000, P99: 2}},
		{Name: "node-lookup", Concurrency: 8, HubRoundTrips: 1,
			Hub: load.Stats{RPS: 100, P99: 30}, Peer: load.Stats{RPS: 200, P99: 20}, Floor: load.Stats{RPS: 1000, P99: 10}},
	}}
}

func TestTableReportsRatiosAndGoals(t *testing.T) {
	got := Table(sample())
	for _, want := range []string{"**3.0×**", "**1.25×**", "✓ ≥3× ✓ p99", "**0.5×**", "✗ <3× ✗ p99", "Goals met: 2 of 4"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

// Reach sets the throughput goal against the floor's own throughput, and names the cells
// where the goal is above it.
func TestReachSetsTheGoalsAgainstTheFloor(t *testing.T) {
	got := Reach(sample())
	for _, want := range []string{
		"| node-lookup | 1 | 900 | 1000 | **90 %** | 2.6 | 2.5 |", // 3 × 300 of the floor's 1000
		"| node-lookup | 8 | 600 | 1000 | **60 %** | 13.0 | 30.0 |",
		"above the floor's own throughput in 0 of 2 cells, and 75–100 % of it in 1 more (node-lookup c=1).",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reach lacks %q:\n%s", want, got)
		}
	}
	r := sample()
	r.Queries[1].Peer.RPS = 400 // the goal, 1,200 rps, is above the floor's 1,000
	if got := Reach(r); !strings.Contains(got, "in 1 of 2 cells (node-lookup c=8)") {
		t.Errorf("a goal above the floor is not named:\n%s", got)
	}
}

// The section says how long the servers were loaded before the first cell, when they were.
func TestSectionNamesTheSettling(t *testing.T) {
	r := sample()
	r.Settings = Settings{Recommendations: 10, WarmupSeconds: 2, DurationSeconds: 8}
	if got := Section(r, "chart.svg"); !strings.Contains(got, "closed loop at concurrency c.\n") || strings.Contains(got, "before the first cell") {
		t.Errorf("a run without settling:\n%s", got)
	}
	r.Settings.SettleSeconds = 63
	if got := Section(r, "chart.svg"); !strings.Contains(got, "closed loop at concurrency c; before the first cell, 63 s of load shared by every query on the three servers.\n") {
		t.Errorf("the settling is not named:\n%s", got)
	}
}

// The generated section is replaced between its markers; the written text around it stays.
func TestUpdateMarkdownKeepsTheTextAround(t *testing.T) {
	path := filepath.Join(t.TempDir(), "B.md")
	if err := os.WriteFile(path, []byte("intro\n"+BeginMarker+"\nold\n"+EndMarker+"\nfindings\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := UpdateMarkdown(path, "new\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if got, want := string(b), "intro\n"+BeginMarker+"\nnew\n"+EndMarker+"\nfindings\n"; got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestWriteSVGDrawsEveryCell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.svg")
	if err := WriteSVG(path, sample()); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	s := string(b)
	if !strings.HasPrefix(s, "<svg") || strings.Count(s, "<title>") != 2*3*2 {
		t.Fatalf("want 12 bars (2 cells × 3 servers × rps and p99), got %d", strings.Count(s, "<title>"))
	}
}
