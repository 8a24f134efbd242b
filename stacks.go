package main

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
// request on that query fell by 10–15 % (three rounds of A/B runs, two servers side by side
// on the benchmark graph). Under load, the goroutines of requests in flight count in the
// average as well; the parked ones weigh less there, where stacks are deep already.

const (
	stackBallastGoroutines = 32
	stackBallastFrames     = 20 // of stackBallastFrame bytes of locals: about 10 KiB in use each
	stackBallastFrame      = 480
)

// warmStackStart parks the goroutines that raise the runtime's starting stack size. They
// live as long as the process.
func warmStackStart() {
	for range stackBallastGoroutines {
		go holdStack(stackBallastFrames)
	}
}

// holdStack recurses n frames deep, then blocks forever, keeping its stack in use.
//
//go:noinline
func holdStack(n int) byte {
	var locals [stackBallastFrame]byte
	locals[n%stackBallastFrame] = byte(n)
	if n == 0 {
		select {}
	}
	return holdStack(n-1) + locals[n%stackBallastFrame]
}
