package main

import (
	"runtime"
	"testing"
)

// After warmStackStart, goroutines start with 16 KiB of stack: the size the parked
// goroutines are there to reach (see stacks.go), not more (32 KiB stacks are not cached).
func TestWarmStackStartRaisesTheStartingStackSize(t *testing.T) {
	runtime.GC()
	before := startingStackSize()
	if got := warmStackStart(); got != 16<<10 {
		t.Fatalf("starting stack size %d bytes after warmStackStart (%d before), want 16 KiB", got, before)
	}
}
