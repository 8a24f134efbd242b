package main

import (
	"runtime/debug"
	"testing"
)

// The server's GC defaults apply where GOGC and GOMEMLIMIT are unset, and only there.
func TestTuneGCAppliesDefaultsOnlyWhereUnset(t *testing.T) {
	before, beforeLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(before); debug.SetMemoryLimit(beforeLimit) })

	if applied := tuneGC(func(string) string { return "" }); len(applied) != 4 {
		t.Errorf("applied %v; want both defaults", applied)
	}
	if got := debug.SetGCPercent(100); got != serverGCPercent {
		t.Errorf("GOGC unset: gc percent %d, want %d", got, serverGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != serverMemoryLimit {
		t.Errorf("GOMEMLIMIT unset: memory limit %d, want %d", got, serverMemoryLimit)
	}

	debug.SetMemoryLimit(beforeLimit)
	set := map[string]string{"GOGC": "150", "GOMEMLIMIT": "2GiB"}
	if applied := tuneGC(func(k string) string { return set[k] }); len(applied) != 0 {
		t.Errorf("applied %v over the environment's own settings", applied)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: gc percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("GOMEMLIMIT set: memory limit changed to %d", got)
	}
}
