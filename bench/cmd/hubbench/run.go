package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	neo4jconfig "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/nmirf-hub/hub/bench/load"
	"github.com/nmirf-hub/hub/bench/mix"
	"github.com/nmirf-hub/hub/bench/report"
)

func runCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	hub := fs.String("hub", "http://127.0.0.1:18090/graphql", "the hub's GraphQL endpoint")
	peer := fs.String("peer", "http://127.0.0.1:18091/graphql", "the peer's GraphQL endpoint")
	uri := fs.String("neo4j", "bolt://127.0.0.1:7696", "Neo4j Bolt URI (for the floor and for picking variants)")
	warmup := durationFlag(fs, "warmup", 2*time.Second, "warm-up before each measurement (not measured)")
	settle := durationFlag(fs, "settle", 63*time.Second,
		"load before the first measurement, shared evenly by every query on hub, peer and floor (not measured)")
	duration := durationFlag(fs, "duration", 8*time.Second, "measured time per query, server and concurrency")
	variants := fs.Int("variants", 12, "variants (States, IDs…) per query, rotated during the load")
	only := fs.String("only", "", "comma-separated query names to run (default: all)")
	out := fs.String("out", "bench/results", "directory of latest.json and latest.svg")
	md := fs.String("md", "BENCHMARKS.md", "Markdown file whose results section is rewritten")
	peerWorkers := fs.Int("peer-workers", runtime.NumCPU(), "worker processes of the peer (for the record)")
	records := fs.Int("recommendations", 250000, "synthetic recommendations in the graph (for the record)")
	concurrency := intList{1, 8, 32}
	fs.Var(&concurrency, "concurrency", "concurrency levels")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// vegeta reads a zero duration as "until stopped".
	if *duration <= 0 || *warmup < 0 || *settle < 0 {
		return fmt.Errorf("-duration must be positive, -warmup and -settle not negative (got %s, %s, %s)", *duration, *warmup, *settle)
	}

	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.NoAuth(), func(c *neo4jconfig.Config) { c.MaxConnectionPoolSize = 100 })
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	queries, err := mix.Discover(ctx, driver, *variants)
	if err != nil {
		return err
	}
	if *only != "" {
		var keep []*mix.Query
		for _, q := range queries {
			if strings.Contains(","+*only+",", ","+q.Name+",") {
				keep = append(keep, q)
			}
		}
		queries = keep
	}
	floor := &load.Floor{Driver: driver, Queries: map[string]*mix.Query{}}
	for _, q := range queries {
		floor.Queries[q.Name] = q
	}

	// 1. The three must give the same answers, variant by variant, before any timing.
	client := &http.Client{Timeout: 60 * time.Second}
	// The hub's /metrics count its database queries: read around the check requests, they
	// give the round trips of one request of each shape.
	var checked []string
	roundTrips := map[string]float64{}
	waited, idle, err := load.WaitHubIdle(ctx, client, *hub, 2*time.Minute)
	if err != nil {
		return fmt.Errorf("hub metrics: %w", err)
	}
	if !idle {
		fmt.Printf("hub: database queries still in flight after %.0f s; round trips below may count them\n", waited.Seconds())
	} else if waited > time.Second {
		fmt.Printf("hub: its start-up queries ended after %.1f s\n", waited.Seconds())
	}
	for _, q := range queries {
		before, err := load.HubRoundTrips(ctx, client, *hub)
		if err != nil {
			return fmt.Errorf("hub metrics: %w", err)
		}
		if err := check(ctx, client, *hub, *peer, floor, q); err != nil {
			return err
		}
		after, err := load.HubRoundTrips(ctx, client, *hub)
		if err != nil {
			return fmt.Errorf("hub metrics: %w", err)
		}
		roundTrips[q.Name] = (after - before) / float64(len(q.Variants))
		line := fmt.Sprintf("%s: %d variants (%s…)", q.Name, len(q.Variants), q.Variants[0].Label)
		checked = append(checked, line)
		fmt.Printf("same answers: %s; %.1f hub database round trips per request\n", line, roundTrips[q.Name])
	}

	// 2. Load: every query at every concurrency on hub, peer and floor in turn.
	res := report.Result{Machine: machine(ctx, driver), Date: time.Now().UTC().Format(time.RFC3339),
		Settings: report.Settings{Recommendations: *records, SettleSeconds: settle.Seconds(), WarmupSeconds: warmup.Seconds(), DurationSeconds: duration.Seconds(),
			Concurrency: concurrency, PeerWorkers: *peerWorkers, Checked: checked}}
	floorClient := &http.Client{Transport: floor}
	type targets struct{ hub, peer []vegeta.Target }
	all := make([]targets, len(queries))
	for i, q := range queries {
		hubT, err := load.GraphQLTargets(*hub, q.Hub, pick(q.Variants, func(v mix.Variant) map[string]any { return v.Hub }))
		if err != nil {
			return err
		}
		peerT, err := load.GraphQLTargets(*peer, q.Peer, pick(q.Variants, func(v mix.Variant) map[string]any { return v.Peer }))
		if err != nil {
			return err
		}
		all[i] = targets{hubT, peerT}
	}
	// Neo4j's JVM compiles its hot code during the first minute or two of load, and the
	// peer's V8 likewise: without this, the cells measured first (the country profile, on the
	// hub first) would run on colder servers than the later ones.
	// Each server in turn, the floor through its in-process transport.
	loadThree := func(i int, o load.Options) (hub, peer, floor load.Stats) {
		hub, peer = load.Run(all[i].hub, o), load.Run(all[i].peer, o)
		o.Client = floorClient
		return hub, peer, load.Run(load.FloorTargets(queries[i]), o)
	}
	if len(queries) > 0 && *settle >= time.Duration(3*len(queries)) {
		fmt.Printf("settling: %s of load on hub, peer and floor before measuring\n", *settle)
		for i, q := range queries {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			hubS, peerS, floorS := loadThree(i, load.Options{Concurrency: 8, Duration: *settle / time.Duration(3*len(queries))})
			printFailures("  settling, "+q.Name+" ", hubS, peerS, floorS)
		}
	}
	for i, q := range queries {
		for _, c := range concurrency {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			row := report.Row{Name: q.Name, Concurrency: c, HubRoundTrips: roundTrips[q.Name]}
			row.Hub, row.Peer, row.Floor = loadThree(i, load.Options{Concurrency: c, Warmup: *warmup, Duration: *duration})
			fmt.Printf("%-20s c=%-3d hub %7.0f rps p99 %7.1f ms | peer %6.1f rps p99 %8.1f ms | floor %7.0f rps p99 %7.1f ms | hub/peer %5.1f× hub/floor p99 %.2f×\n",
				q.Name, c, row.Hub.RPS, row.Hub.P99, row.Peer.RPS, row.Peer.P99, row.Floor.RPS, row.Floor.P99,
				row.Hub.RPS/max(row.Peer.RPS, 1e-9), row.Hub.P99/max(row.Floor.P99, 1e-9))
			printFailures("  ", row.Hub, row.Peer, row.Floor)
			res.Queries = append(res.Queries, row)
		}
	}
	return write(res, *out, *md)
}

// printFailures says, after prefix, how many requests each server failed, with an example.
func printFailures(prefix string, hub, peer, floor load.Stats) {
	for _, w := range []struct {
		who string
		s   load.Stats
	}{{"hub", hub}, {"peer", peer}, {"floor", floor}} {
		if w.s.Errors > 0 {
			fmt.Printf("%s%s: %d of %d failed, e.g. %s\n", prefix, w.who, w.s.Errors, w.s.Requests, w.s.FirstError)
		}
	}
}

func pick(vs []mix.Variant, f func(mix.Variant) map[string]any) []map[string]any {
	out := make([]map[string]any, len(vs))
	for i, v := range vs {
		out[i] = f(v)
	}
	return out
}

// check compares, for every variant, the canonical answers of the three.
func check(ctx context.Context, client *http.Client, hub, peer string, floor *load.Floor, q *mix.Query) error {
	for _, v := range q.Variants {
		h, err := load.FetchGraphQL(ctx, client, hub, q.Hub, v.Hub)
		if err != nil {
			return fmt.Errorf("%s [%s] hub: %w", q.Name, v.Label, err)
		}
		p, err := load.FetchGraphQL(ctx, client, peer, q.Peer, v.Peer)
		if err != nil {
			return fmt.Errorf("%s [%s] peer: %w", q.Name, v.Label, err)
		}
		f, err := floor.Answer(ctx, q, v.Floor)
		if err != nil {
			return fmt.Errorf("%s [%s] floor: %w", q.Name, v.Label, err)
		}
		hc := q.Canonical(mix.At(h, q.HubRoot))
		pv := mix.At(p, q.PeerRoot)
		if q.PeerShape != nil {
			pv = q.PeerShape(pv)
		}
		pc, fc := q.Canonical(pv), q.Canonical(f)
		if hc == nil || isEmpty(hc) {
			return fmt.Errorf("%s [%s]: the hub's answer is empty; the variant tests nothing", q.Name, v.Label)
		}
		if d := q.Compare(hc, pc); d != "" {
			return fmt.Errorf("%s [%s]: hub and peer differ at %s", q.Name, v.Label, d)
		}
		if d := q.Compare(hc, fc); d != "" {
			return fmt.Errorf("%s [%s]: hub and floor differ at %s", q.Name, v.Label, d)
		}
	}
	return nil
}

func isEmpty(v any) bool {
	b, _ := json.Marshal(v)
	return string(b) == "{}" || string(b) == "[]" || string(b) == "null"
}

func write(res report.Result, dir, md string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := report.WriteJSON(filepath.Join(dir, "latest.json"), res); err != nil {
		return err
	}
	return render(res, dir, md)
}

func render(res report.Result, dir, md string) error {
	svg := filepath.Join(dir, "latest.svg")
	if err := report.WriteSVG(svg, res); err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Dir(md), svg)
	if err != nil {
		rel = svg
	}
	if err := report.UpdateMarkdown(md, report.Section(res, filepath.ToSlash(rel))); err != nil {
		return err
	}
	fmt.Println("wrote", filepath.Join(dir, "latest.json"), svg, md)
	return nil
}

func renderCmd(args []string) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	dir := fs.String("out", "bench/results", "directory of latest.json")
	md := fs.String("md", "BENCHMARKS.md", "Markdown file whose results section is rewritten")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := report.ReadJSON(filepath.Join(*dir, "latest.json"))
	if err != nil {
		return err
	}
	return render(res, *dir, *md)
}

// machine describes this machine and the software under test.
func machine(ctx context.Context, driver neo4j.DriverWithContext) report.Machine {
	m := report.Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryGB = (kb + 512*1024) / (1024 * 1024)
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS = "Linux " + strings.TrimSpace(string(b)) + " " + runtime.GOARCH
	}
	if out, err := exec.CommandContext(ctx, "node", "--version").Output(); err == nil {
		m.Node = strings.TrimSpace(string(out))
	}
	if res, err := neo4j.ExecuteQuery(ctx, driver, `CALL dbms.components() YIELD name, versions, edition RETURN name + ' ' + versions[0] + ' ' + edition AS v`,
		nil, neo4j.EagerResultTransformer); err == nil && len(res.Records) > 0 {
		v, _ := res.Records[0].Get("v")
		m.Neo4j, _ = v.(string)
	}
	if b, err := os.ReadFile("bench/peer/node_modules/@neo4j/graphql/package.json"); err == nil {
		var p struct{ Version string }
		if json.Unmarshal(b, &p) == nil {
			m.Peer = "@neo4j/graphql " + p.Version + " on graphql-yoga"
		}
	}
	return m
}
