// Package report writes a benchmark run: bench/results/latest.json, an SVG chart of it and
// the results section of BENCHMARKS.md (between markers, so the written analysis around it
// stays).
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/nmirf-hub/hub/bench/load"
)

// Machine describes where the run ran.
type Machine struct {
	CPU      string `json:"cpu"`
	Cores    int    `json:"cores"`
	MemoryGB int    `json:"memory_gb"`
	OS       string `json:"os"`
	Go       string `json:"go"`
	Node     string `json:"node"`
	Neo4j    string `json:"neo4j"`
	Peer     string `json:"peer"`
}

// Row is one query at one concurrency on the three servers.
type Row struct {
	Name        string     `json:"name"`
	Concurrency int        `json:"concurrency"`
	Hub         load.Stats `json:"hub"`
	Peer        load.Stats `json:"peer"`
	Floor       load.Stats `json:"floor"`
	// HubRoundTrips is how many database queries one hub request of this shape costs
	// (measured on the check requests; the peer and the floor make one each).
	HubRoundTrips float64 `json:"hub_round_trips"`
}

// Settings are the run's parameters.
type Settings struct {
	Recommendations int `json:"recommendations"`
	// SettleSeconds of load ran before the first measurement, spread over every query and
	// server (absent in runs before session 19, which had none).
	SettleSeconds   float64  `json:"settle_s,omitempty"`
	WarmupSeconds   float64  `json:"warmup_s"`
	DurationSeconds float64  `json:"duration_s"`
	Concurrency     []int    `json:"concurrency"`
	PeerWorkers     int      `json:"peer_workers"`
	Checked         []string `json:"checked"` // "query: n variants equal on hub, peer and floor"
}

// Result is latest.json.
type Result struct {
	Machine  Machine  `json:"machine"`
	Date     string   `json:"date"`
	Settings Settings `json:"settings"`
	Queries  []Row    `json:"queries"`
}

// WriteJSON writes the result, indented.
func WriteJSON(path string, r Result) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadJSON reads a result back (to re-render the chart and table without a run).
func ReadJSON(path string) (Result, error) {
	var r Result
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	return r, json.Unmarshal(b, &r)
}

// Goals of the issue, reported, never asserted.
const (
	GoalThroughputVsPeer = 3.0 // hub rps ≥ 3 × peer rps
	GoalP99VsFloor       = 1.3 // hub p99 ≤ 1.3 × floor p99
)

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Table renders the results as a Markdown table with the ratios and whether each goal is met.
func Table(r Result) string {
	var b strings.Builder
	b.WriteString("| query | c | hub rps | peer rps | floor rps | hub/peer rps | hub p50 ms | hub p99 ms | peer p99 ms | floor p99 ms | hub/floor p99 | hub DB round trips | goals |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	met, total := 0, 0
	for _, q := range r.Queries {
		tp, lat := ratio(q.Hub.RPS, q.Peer.RPS), ratio(q.Hub.P99, q.Floor.P99)
		marks := []string{}
		if tp >= GoalThroughputVsPeer {
			marks = append(marks, "✓ ≥3×")
			met++
		} else {
			marks = append(marks, "✗ <3×")
		}
		if lat <= GoalP99VsFloor {
			marks = append(marks, "✓ p99")
			met++
		} else {
			marks = append(marks, "✗ p99")
		}
		total += 2
		errs := ""
		if n := q.Hub.Errors + q.Peer.Errors + q.Floor.Errors; n > 0 {
			errs = fmt.Sprintf(" (errors: hub %d, peer %d, floor %d)", q.Hub.Errors, q.Peer.Errors, q.Floor.Errors)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %.1f | %.0f | **%.1f×** | %.1f | %.1f | %.1f | %.1f | **%.2f×** | %.0f | %s%s |\n",
			q.Name, q.Concurrency, q.Hub.RPS, q.Peer.RPS, q.Floor.RPS, tp, q.Hub.P50, q.Hub.P99, q.Peer.P99, q.Floor.P99, lat,
			q.HubRoundTrips, strings.Join(marks, " "), errs)
	}
	fmt.Fprintf(&b, "\nGoals met: %d of %d (throughput ≥ %.0f× the peer's; p99 ≤ %.1f× the floor's).\n", met, total, GoalThroughputVsPeer, GoalP99VsFloor)
	return b.String()
}

// Reach renders what the goals ask of the hub next to what the floor does: the throughput
// goal (3× the peer's) as a share of the floor's throughput, and the p99 goal (1.3× the
// floor's) next to the hub's. The floor is raw Cypher through the driver in the benchmark's
// own process, with no HTTP, no GraphQL and no JSON, on the same Neo4j: a goal above the
// floor's own throughput asks a GraphQL server to serve more than the database answers the
// same question, which a server that asks the database as much as the floor does cannot.
func Reach(r Result) string {
	var b strings.Builder
	b.WriteString("| query | c | goal rps (3× peer) | floor rps | goal ÷ floor rps | p99 goal ms (1.3× floor) | hub p99 ms | floor p50 ms | hub p50 ms |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	var above, near []string
	for _, q := range r.Queries {
		goal := GoalThroughputVsPeer * q.Peer.RPS
		share := ratio(goal, q.Floor.RPS)
		cell := fmt.Sprintf("%s c=%d", q.Name, q.Concurrency)
		switch {
		case share > 1:
			above = append(above, cell)
		case share >= 0.75:
			near = append(near, cell)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %.0f | **%.0f %%** | %.1f | %.1f | %.1f | %.1f |\n",
			q.Name, q.Concurrency, goal, q.Floor.RPS, 100*share, GoalP99VsFloor*q.Floor.P99, q.Hub.P99, q.Floor.P50, q.Hub.P50)
	}
	fmt.Fprintf(&b, "\nThe throughput goal is above the floor's own throughput in %d of %d cells%s, and 75–100 %% of it in %d more%s. "+
		"A server whose answer costs the database what the floor's costs, plus its own HTTP and GraphQL work, cannot reach a goal above 100 %%; "+
		"it can only by asking the database for less (as the hub's facets do, from maintained counts).\n",
		len(above), len(r.Queries), listed(above), len(near), listed(near))
	return b.String()
}

func listed(cells []string) string {
	if len(cells) == 0 {
		return ""
	}
	return " (" + strings.Join(cells, ", ") + ")"
}

// Markers delimit the generated part of BENCHMARKS.md.
const (
	BeginMarker = "<!-- bench:results:begin (written by make bench) -->"
	EndMarker   = "<!-- bench:results:end -->"
)

// Section is the generated part: run facts, the table, the chart.
func Section(r Result, chartPath string) string {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "Run of %s on %s (%d cores, %d GB RAM, %s); Go %s, Node %s, %s, peer %s (%d worker processes).\n",
		r.Date, m.CPU, m.Cores, m.MemoryGB, m.OS, m.Go, m.Node, m.Neo4j, m.Peer, r.Settings.PeerWorkers)
	fmt.Fprintf(&b, "%d synthetic recommendations; each cell: %.0f s measured after %.0f s of warm-up, closed loop at concurrency c",
		r.Settings.Recommendations, r.Settings.DurationSeconds, r.Settings.WarmupSeconds)
	if r.Settings.SettleSeconds > 0 {
		fmt.Fprintf(&b, "; before the first cell, %.0f s of load shared by every query on the three servers", r.Settings.SettleSeconds)
	}
	b.WriteString(".\n\n")
	b.WriteString(Table(r))
	b.WriteString("\nWhat the goals ask of the hub, next to the floor (raw Cypher through the driver, no HTTP, no GraphQL):\n\n")
	b.WriteString(Reach(r))
	b.WriteString("\nAnswers checked equal on hub, peer and floor before the load:\n\n")
	for _, c := range r.Settings.Checked {
		b.WriteString("- " + c + "\n")
	}
	fmt.Fprintf(&b, "\n![throughput and p99 per query and concurrency](%s)\n", chartPath)
	return b.String()
}

// UpdateMarkdown replaces the generated part of the file at path (between the markers),
// or appends it when the file has no markers yet.
func UpdateMarkdown(path, section string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	block := BeginMarker + "\n" + section + EndMarker
	i, j := bytes.Index(old, []byte(BeginMarker)), bytes.Index(old, []byte(EndMarker))
	var out []byte
	if i >= 0 && j > i {
		out = append(append(append([]byte{}, old[:i]...), block...), old[j+len(EndMarker):]...)
	} else {
		out = append(append(old, '\n'), block+"\n"...)
	}
	return os.WriteFile(path, out, 0o644)
}
