package cli

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// An initial load keeps the whole graph in memory until it writes the files, so its live heap
// grows from nothing to about four times the file (1.05 GB for 250 MB of UHRI-JSON). At Go's
// default GOGC=100 the collector runs each time the heap doubles, marking the whole live heap
// each time: 11–13 of the hub's 63–65 CPU-seconds at 270,000 records. A higher GOGC runs it
// less but lets the heap reach four or five times the live data at the end (4.2 GB at
// GOGC=400), and on this VM first touching memory is expensive (BENCHMARKS.md, session 14).
//
// So the load runs the collector by a memory limit instead: none until the heap reaches the
// limit, ten times the file (at least 256 MiB), raised to 2.5 times the live heap whenever
// that is more (checked every 100 ms), so that the collector does not run again and again as
// the live heap nears the limit. The peak is about 2.5 times
// the live data (2.6 GB against 2.0–2.2 at GOGC=100 on 270,000 records). With the same
// settings given by hand (GOGC=off GOMEMLIMIT=2500MiB, for a 250 MB file), the hub's step
// took 26.5–29.6 s instead of 33.2–37.9 s, with 37–41 user CPU-seconds instead of 48–50
// (three alternating pairs); with this code, 38.6 / 41.2 user CPU-seconds against 47.4 /
// 55.9, the wall time swinging with the system's page faults (BENCHMARKS.md, session 15).
const (
	loadLimitPerFileByte = 10
	loadLimitFloor       = 256 << 20
	loadLimitCheck       = 100 * time.Millisecond
)

// loadGC counts the loads under the policy: the settings are the process's, so the first
// load applies them and the last one restores them (loads at once happen only in tests).
var loadGC struct {
	sync.Mutex
	loads   int
	restore func()
}

// relaxLoadGC applies that policy where the environment sets neither GOGC nor GOMEMLIMIT
// (when it does, those are Go's own and decide), and returns the function that restores the
// collector's settings.
func relaxLoadGC(getenv func(string) string, fileSize int64) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	loadGC.Lock()
	defer loadGC.Unlock()
	if loadGC.loads == 0 {
		loadGC.restore = limitGC(max(loadLimitFloor, loadLimitPerFileByte*fileSize))
	}
	loadGC.loads++
	return func() {
		loadGC.Lock()
		defer loadGC.Unlock()
		loadGC.loads--
		if loadGC.loads == 0 {
			loadGC.restore()
		}
	}
}

// limitGC turns the collector's GOGC target off for a memory limit of at least limit bytes,
// kept at 2.5 times the live heap, and returns the function that puts the settings back.
func limitGC(limit int64) (restore func()) {
	oldPercent := debug.SetGCPercent(-1)
	oldLimit := debug.SetMemoryLimit(limit)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(loadLimitCheck)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if live[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			if want := int64(live[0].Value.Uint64()) * 5 / 2; want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(stop)
		<-stopped
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
