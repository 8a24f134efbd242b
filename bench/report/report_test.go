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
