package main

import "runtime/debug"

// The server's garbage-collector defaults. A GraphQL response is built from many small,
// short-lived values (one per field), over a live heap of a few tens of MiB, so at Go's
// default GOGC=100 the collector runs every few requests. On the practice traversal at
// c = 8 (BENCHMARKS.md) GOGC=400 raised throughput by about 45 % (377–445 → 563–636 rps)
// for a resident set of 54 MiB. The soft memory limit bounds what the higher target may
// cost: near it the collector runs as often as it must.
const (
	serverGCPercent   = 400
	serverMemoryLimit = 1 << 30 // 1 GiB
)

// tuneGC applies the server's defaults where the environment leaves GOGC or GOMEMLIMIT
// unset (when set, they are Go's own and the runtime has applied them already). It returns
// what it applied, as log attributes.
func tuneGC(getenv func(string) string) (applied []any) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
		applied = append(applied, "gogc", serverGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serverMemoryLimit)
		applied = append(applied, "gomemlimit_bytes", serverMemoryLimit)
	}
	return applied
}
