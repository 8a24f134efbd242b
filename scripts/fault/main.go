// Command fault is the fault drill of the hub: it loads a running server with reads and
// acknowledged writes (createGoodPractice mutations, over HTTP), kills Neo4j with
// SIGKILL in the middle, restarts it, and reports how errors looked during the outage, how
// long recovery took, and whether every acknowledged write survived.
//
//	go run ./scripts/fault            (make fault)
//
// It starts its own Neo4j (port FAULT_NEO4J_PORT, default 7696, in a temporary directory)
// and its own server, so it never touches the user's data. It sends traffic to 127.0.0.1 only.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fault:", err)
		os.Exit(1)
	}
}

type sample struct {
	at      time.Duration
	latency time.Duration
	ok      bool
	code    string
}

func run() error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	port := envInt("FAULT_NEO4J_PORT", 7696)
	dataDir, err := os.MkdirTemp("", "hub-fault-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)
	neo4j := func(cmd string) error {
		c := exec.Command(filepath.Join(root, "scripts", "neo4j-local.sh"), cmd)
		c.Env = append(os.Environ(), fmt.Sprintf("NEO4J_BOLT_PORT=%d", port), "NEO4J_DATA_DIR="+dataDir, "NEO4J_HEAP_MB=512", "NEO4J_PAGECACHE_MB=128")
		c.Stdout, c.Stderr = os.Stderr, os.Stderr
		return c.Run()
	}
	fmt.Println("== starting a Neo4j of its own and the server")
	if err := neo4j("start"); err != nil {
		return err
	}
	defer neo4j("stop")
	bin := filepath.Join(dataDir, "hub")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}
	httpPort := freePort()
	uri := fmt.Sprintf("bolt://127.0.0.1:%d", port)
	srv := exec.Command(bin)
	srv.Env = append(os.Environ(), "NEO4J_URI="+uri, "PORT="+strconv.Itoa(httpPort), "RATE_LIMIT_RPS=0", "LOG_LEVEL=error")
	srv.Stdout, srv.Stderr = io.Discard, os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _, _ = srv.Process.Wait() }()
	base := fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	if err := waitFor(base+"/readyz", 90*time.Second); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(context.Background(), store.Config{URI: uri, Database: "neo4j", QueryTimeout: 5 * time.Second}, 30*time.Second, log)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())

	// Traffic runs until settle after Neo4j is back (its crash recovery can take half a
	// minute under this load), so the report shows how soon the service answers again.
	const killAt, restartAt, settle = 6 * time.Second, 10 * time.Second, 20 * time.Second
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var reads []sample
	var acked []string
	writeErrors := 0
	firstWriteError := "" // the first refused write's answer, for the report
	firstAck := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 { // readers
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := []byte(`{"query":"{ state(code: \"MAR\") { code nmirfs { name } } network { members(first: 5) { totalCount } } }"}`)
			for ctx.Err() == nil {
				t0 := time.Now()
				s := sample{at: t0.Sub(start)}
				resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
				if err == nil {
					var out struct {
						Data   map[string]any
						Errors []struct{ Extensions struct{ Code string } }
					}
					_ = json.NewDecoder(resp.Body).Decode(&out)
					resp.Body.Close()
					s.ok = len(out.Errors) == 0 && out.Data["state"] != nil
					if len(out.Errors) > 0 {
						s.code = out.Errors[0].Extensions.Code
					}
				} else {
					s.code = "HTTP_ERROR"
				}
				s.latency = time.Since(t0)
				mu.Lock()
				reads = append(reads, s)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond) // pacing of this load generator, not a test wait
			}
		}()
	}
	_, adminToken, err := st.CreateToken(context.Background(), "fault-drill", "ADMIN", "")
	if err != nil {
		return err
	}
	wg.Add(1)
	go func() { // writer: createGoodPractice through the API; acknowledged = the API returned its id
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			in := map[string]any{"title": fmt.Sprintf("fault drill practice %d", i), "summary": "written during the fault drill",
				"stateCode": "ISL", "capacities": []string{"COORDINATION"}}
			body, _ := json.Marshal(map[string]any{"query": `mutation($in: CreateGoodPracticeInput!) { createGoodPractice(input: $in) { goodPractice { id } errors { code } } }`,
				"variables": map[string]any{"in": in}})
			req, _ := http.NewRequestWithContext(ctx, "POST", base+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+adminToken)
			resp, err := http.DefaultClient.Do(req)
			id := ""
			if err == nil {
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var out struct {
					Data struct {
						CreateGoodPractice struct{ GoodPractice *struct{ ID string } }
					}
				}
				_ = json.Unmarshal(raw, &out)
				if gp := out.Data.CreateGoodPractice.GoodPractice; gp != nil {
					id = gp.ID
				} else if firstWriteError == "" {
					firstWriteError = fmt.Sprintf("%.1fs: %s", time.Since(start).Seconds(), raw)
				}
			} else if firstWriteError == "" {
				firstWriteError = fmt.Sprintf("%.1fs: %v", time.Since(start).Seconds(), err)
			}
			mu.Lock()
			if id != "" {
				if len(acked) == 0 {
					close(firstAck)
				}
				acked = append(acked, id)
			} else {
				writeErrors++
			}
			mu.Unlock()
			time.Sleep(50 * time.Millisecond)
		}
	}()

	// The kill waits for a first acknowledged write: the first mutations of a fresh server
	// take seconds (Neo4j plans each statement once), and a drill without an acknowledged
	// write before the kill would prove nothing.
	select {
	case <-firstAck:
	case <-time.After(time.Minute):
		mu.Lock()
		defer mu.Unlock()
		return fmt.Errorf("FAILED: no write acknowledged within a minute; first refusal: %s", firstWriteError)
	}
	fmt.Printf("== %5.1fs first write acknowledged\n", time.Since(start).Seconds())
	time.Sleep(killAt)
	pid, err := os.ReadFile(filepath.Join(dataDir, "neo4j-local.pid"))
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(pid)))
	fmt.Printf("== %5.1fs SIGKILL Neo4j (pid %d)\n", time.Since(start).Seconds(), n)
	if err := syscall.Kill(n, syscall.SIGKILL); err != nil {
		return err
	}
	killed := time.Since(start)
	time.Sleep(restartAt - killAt)
	fmt.Printf("== %5.1fs restarting Neo4j\n", time.Since(start).Seconds())
	if err := neo4j("start"); err != nil {
		return err
	}
	restarted := time.Since(start)
	fmt.Printf("== %5.1fs Neo4j is back\n", restarted.Seconds())
	// A fresh connection tells when the database itself answers again (after its crash
	// recovery), apart from how soon the server's pool does.
	dbReady := make(chan time.Duration, 1)
	go func() {
		fresh, err := store.Open(context.Background(), store.Config{URI: uri, Database: "neo4j", QueryTimeout: 5 * time.Second}, time.Minute, log)
		if err != nil {
			dbReady <- -1
			return
		}
		defer fresh.Close(context.Background())
		if waitForDatabase(fresh, time.Minute) != nil {
			dbReady <- -1
			return
		}
		dbReady <- time.Since(start)
	}()
	time.Sleep(settle)
	cancel()
	wg.Wait()

	// Report.
	var outage []time.Duration
	codes := map[string]int{}
	firstOKAfter := time.Duration(-1)
	for _, s := range reads {
		if s.at > killed && !s.ok {
			outage = append(outage, s.latency)
			codes[s.code]++
		}
		if s.at > restarted && s.ok && firstOKAfter < 0 {
			firstOKAfter = s.at
		}
	}
	slices.Sort(outage)
	// The drill's own store was idle through the outage; it reads once the database
	// answers its ping (the database comes online after its crash recovery).
	if err := waitForDatabase(st, time.Minute); err != nil {
		return err
	}
	present, err := countPresent(st, acked)
	if err != nil {
		return err
	}
	fmt.Println("== report")
	fmt.Printf("reads: %d; failed after the kill: %d, codes %v\n", len(reads), len(outage), codes)
	if len(outage) > 0 {
		fmt.Printf("latency of error answers: p50 %s, p95 %s, max %s\n", pct(outage, 50), pct(outage, 95), outage[len(outage)-1])
	}
	if d := <-dbReady; d >= 0 {
		fmt.Printf("database: a fresh connection was answered %.2fs after Neo4j was back\n", (d - restarted).Seconds())
	}
	if firstOKAfter >= 0 {
		fmt.Printf("recovery: first good read %.2fs after Neo4j was back (%.2fs after the kill)\n",
			(firstOKAfter - restarted).Seconds(), (firstOKAfter - killed).Seconds())
	} else {
		fmt.Println("recovery: no good read after the restart")
	}
	fmt.Printf("writes acknowledged: %d, refused during the outage: %d, acknowledged and present after restart: %d\n", len(acked), writeErrors, present)
	if firstWriteError != "" {
		fmt.Printf("first refused write: %.300s\n", firstWriteError)
	}
	if len(acked) == 0 {
		return fmt.Errorf("FAILED: no write was acknowledged, so the drill proves nothing")
	}
	// An answer during the outage is an error at once, never a wait: before the probe asked
	// the database itself, queries let through while it recovered hung for 15 s.
	if len(outage) > 0 && outage[len(outage)-1] > maxErrorLatency {
		return fmt.Errorf("FAILED: an error answer took %s (at most %s expected)", outage[len(outage)-1], maxErrorLatency)
	}
	if present != len(acked) || firstOKAfter < 0 {
		return fmt.Errorf("FAILED: %d acknowledged writes missing or no recovery", len(acked)-present)
	}
	fmt.Println("PASS: every acknowledged write is present; the service recovered by itself")
	return nil
}

// waitForDatabase polls the store until Neo4j answers, for at most d.
func waitForDatabase(st *store.Store, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		err := st.Ping(context.Background())
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// countPresent counts the acknowledged practices (global IDs) that are in the database.
func countPresent(st *store.Store, ids []string) (int, error) {
	var keys []string
	for _, id := range ids {
		_, key, err := domain.ParseGlobalID("id", id)
		if err != nil {
			return 0, err
		}
		keys = append(keys, key)
	}
	m, err := st.PracticesByKeys(context.Background(), keys)
	if err != nil {
		return 0, err
	}
	return len(m), nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)].Round(time.Millisecond)
}

// maxErrorLatency bounds how long an error answer may take during the outage.
const maxErrorLatency = 5 * time.Second

func envInt(k string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil {
		return v
	}
	return def
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 18099
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func waitFor(url string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready within %s", url, d)
}
