package report

import (
	"fmt"
	"html"
	"math"
	"os"
	"slices"
	"strings"
)

// The chart: one row per query; on the left throughput, on the right p99 latency, both on
// log scales (the three servers differ by orders of magnitude). Within a row, one group of
// three bars (hub, peer, floor) per concurrency.

const (
	svgWidth   = 1150
	labelWidth = 170
	plotWidth  = 430
	plotGap    = 70
	barHeight  = 5
	barGap     = 1
	groupGap   = 5
	rowGap     = 16
	headHeight = 56
)

var series = []struct {
	name, color string
	pick        func(Row) (rps, p99 float64)
}{
	{"hub", "#1f6feb", func(r Row) (float64, float64) { return r.Hub.RPS, r.Hub.P99 }},
	{"peer (@neo4j/graphql)", "#e36209", func(r Row) (float64, float64) { return r.Peer.RPS, r.Peer.P99 }},
	{"floor (one Cypher query, Go driver)", "#8b949e", func(r Row) (float64, float64) { return r.Floor.RPS, r.Floor.P99 }},
}

// logScale maps [lo, hi] (decades) onto [0, width].
type logScale struct{ lo, hi, width float64 }

func newLogScale(values []float64, width float64) logScale {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 1, 10
	}
	return logScale{math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi)), width}
}

func (s logScale) x(v float64) float64 {
	if v <= 0 {
		return 0
	}
	if s.hi == s.lo {
		return s.width
	}
	return (math.Log10(v) - s.lo) / (s.hi - s.lo) * s.width
}

// WriteSVG draws the result to path.
func WriteSVG(path string, r Result) error {
	var names []string
	byName := map[string][]Row{}
	var rps, p99 []float64
	for _, q := range r.Queries {
		if _, ok := byName[q.Name]; !ok {
			names = append(names, q.Name)
		}
		byName[q.Name] = append(byName[q.Name], q)
		for _, s := range series {
			a, b := s.pick(q)
			rps, p99 = append(rps, a), append(p99, b)
		}
	}
	rs, ls := newLogScale(rps, plotWidth), newLogScale(p99, plotWidth)
	concs := 0
	for _, rows := range byName {
		concs = max(concs, len(rows))
	}
	groupH := float64(len(series)*(barHeight+barGap) + groupGap)
	rowH := groupH*float64(concs) + rowGap
	height := headHeight + int(rowH*float64(len(names))) + 30

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n",
		svgWidth, height, svgWidth, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="10" y="18" font-size="14" font-weight="bold">NMIRF hub vs Neo4j GraphQL Library vs raw Cypher — %s</text>`+"\n", html.EscapeString(r.Date))
	x := 10.0
	for _, s := range series {
		fmt.Fprintf(&b, `<rect x="%.0f" y="28" width="10" height="10" fill="%s"/><text x="%.0f" y="37">%s</text>`+"\n", x, s.color, x+14, html.EscapeString(s.name))
		x += 24 + float64(len(s.name))*6
	}
	left, right := float64(labelWidth), float64(labelWidth+plotWidth+plotGap)
	axis := func(x0 float64, s logScale, title string) {
		fmt.Fprintf(&b, `<text x="%.0f" y="%d" font-weight="bold">%s</text>`+"\n", x0, headHeight-4, title)
		for d := s.lo; d <= s.hi; d++ {
			gx := x0 + s.x(math.Pow(10, d))
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", gx, headHeight, gx, height-24)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#666">%s</text>`+"\n", gx, height-10, tick(math.Pow(10, d)))
		}
	}
	axis(left, rs, "requests per second (log scale) — longer is better")
	axis(right, ls, "p99 latency, ms (log scale) — shorter is better")
	y := float64(headHeight)
	for _, name := range names {
		rows := byName[name]
		slices.SortFunc(rows, func(a, b Row) int { return a.Concurrency - b.Concurrency })
		fmt.Fprintf(&b, `<text x="10" y="%.0f" font-weight="bold">%s</text>`+"\n", y+12, html.EscapeString(name))
		for gi, row := range rows {
			gy := y + float64(gi)*groupH
			fmt.Fprintf(&b, `<text x="%d" y="%.0f" text-anchor="end" fill="#666">c=%d</text>`+"\n", labelWidth-6, gy+12, row.Concurrency)
			for si, s := range series {
				by := gy + float64(si*(barHeight+barGap))
				a, p := s.pick(row)
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s"><title>%s c=%d %s: %.1f rps</title></rect>`+"\n",
					left, by, math.Max(rs.x(a), 1), barHeight, s.color, html.EscapeString(name), row.Concurrency, html.EscapeString(s.name), a)
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s"><title>%s c=%d %s: p99 %.1f ms</title></rect>`+"\n",
					right, by, math.Max(ls.x(p), 1), barHeight, s.color, html.EscapeString(name), row.Concurrency, html.EscapeString(s.name), p)
			}
		}
		y += rowH
		fmt.Fprintf(&b, `<line x1="10" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/>`+"\n", y-rowGap/2, svgWidth-10, y-rowGap/2)
	}
	b.WriteString("</svg>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func tick(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%gk", v/1000)
	default:
		return fmt.Sprintf("%g", v)
	}
}
