package main

import (
	"runtime"
	"runtime/metrics"
	"sync"
)

// Goroutine stacks. gqlgen resolves each element of a list of objects, and each field with a
// resolver, in a goroutine of its own: the practice traversal (BENCHMARKS.md) starts hundreds
// per request. The runtime starts a goroutine with a stack the size of the average stack in
// use at the last garbage collection (GODEBUG adaptivestackstart, on by default), and an
// idle server's few goroutines use small stacks, so the resolvers' goroutines started small
// and grew, each growth a copy of the stack: runtime.newstack was 9–13 % of the hub's CPU on
// the practice traversal at c = 1 (pprof). A few parked goroutines that each hold about
// 10 KiB of stack raise that average, so that goroutines start with 16 KiB, the largest
// size the runtime keeps in its per-processor stack caches (32 KiB stacks come from the
// heap) and deep enough for a resolver: newstack then left the profile, and the hub's CPU per
// request on that query fell by 13–24 % (three rounds of A/B runs, two servers side by side
// on the benchmark graph, BENCHMARKS.md). Under load, the goroutines of requests in flight count in the
// average as well; the parked ones weigh less there, where stacks are deep already.

const (
	stackBallastGoroutines = 32
	stackBallastFrames     = 20 // of stackBallastFrame bytes of locals: about 10 KiB in use each
	stackBallastFrame      = 480
)

// warmStackStart parks the goroutines that raise the runtime's starting stack size (once per
// process; they live as long as it), then collects once so that the size applies from the
// first request rather than from the first collection. It returns the starting size.
func warmStackStart() uint64 {
	parkOnce()
	runtime.GC()
	return startingStackSize()
}

var parkOnce = sync.OnceFunc(func() {
	var parked sync.WaitGroup
	parked.Add(stackBallastGoroutines)
	for range stackBallastGoroutines {
		go holdStack(stackBallastFrames, parked.Done)
	}
	parked.Wait()
})

// holdStack recurses n frames deep, says so, then blocks forever, keeping its stack in use.
//
//go:noinline
func holdStack(n int, deep func()) byte {
	var locals [stackBallastFrame]byte
	locals[n%stackBallastFrame] = byte(n)
	if n == 0 {
		deep()
		select {}
	}
	return holdStack(n-1, deep) + locals[n%stackBallastFrame]
}

// startingStackSize is the stack size new goroutines start with (runtime/metrics).
func startingStackSize() uint64 {
	s := []metrics.Sample{{Name: "/gc/stack/starting-size:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
