package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcSettings reads the collector's GOGC and memory limit without changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

func TestRelaxLoadGCRestoresAndNests(t *testing.T) {
	percent, limit := gcSettings()
	first := relaxLoadGC(func(string) string { return "" }, 1<<20)
	if p, l := gcSettings(); p != -1 || l != loadLimitFloor {
		t.Fatalf("during a load: GOGC %d, limit %d; want off and %d", p, l, loadLimitFloor)
	}
	second := relaxLoadGC(func(string) string { return "" }, 1<<30)
	first()
	if p, _ := gcSettings(); p != -1 {
		t.Fatalf("one of two loads finished: GOGC %d, want still off", p)
	}
	second()
	if p, l := gcSettings(); p != percent || l != limit {
		t.Fatalf("after the loads: GOGC %d, limit %d; want %d and %d back", p, l, percent, limit)
	}
}

func TestRelaxLoadGCLeavesGoSettingsAlone(t *testing.T) {
	percent, limit := gcSettings()
	for _, name := range []string{"GOGC", "GOMEMLIMIT"} {
		restore := relaxLoadGC(func(k string) string {
			if k == name {
				return "200"
			}
			return ""
		}, 1<<20)
		if p, l := gcSettings(); p != percent || l != limit {
			t.Errorf("%s set: GOGC %d, limit %d; want %d and %d untouched", name, p, l, percent, limit)
		}
		restore()
	}
}

// The limit follows the live heap up.
func TestLimitGCRisesWithTheLiveHeap(t *testing.T) {
	restore := limitGC(1 << 20)
	defer restore()
	live := make([][]byte, 64)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(2 * loadLimitCheck)
		_, l := gcSettings()
		if l >= 5*64<<20/2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("limit %d with 64 MiB live; want at least 2.5 times that", l)
		}
	}
	runtime.KeepAlive(live)
}
