package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

// TestAcknowledgedWritesSurviveAKilledServer is the durability check of the curation issue:
// a write acknowledged just before the server process is killed is still there after a
// restart. It builds the real binary, runs it as a separate process, makes an editor token
// with its `token create` command, sends createGoodPractice mutations (ten in a row, while
// other clients keep writing at the same time) and SIGKILLs the process the moment the tenth
// 200 arrives. A new process then reads every acknowledged practice back, field by field.
func TestAcknowledgedWritesSurviveAKilledServer(t *testing.T) {
	testenv.Store(t) // schema and reference data (Iceland, the themes) are in the test graph
	started := time.Now()
	bin := filepath.Join(t.TempDir(), "hub")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built the server in %s", time.Since(started).Round(time.Millisecond))

	tokenName := fmt.Sprintf("durability-test-%d", rand.Int())
	create := exec.Command(bin, "token", "create", "--role", "EDITOR", "--name", tokenName, "--state", "ISL")
	create.Env = hubEnv(nil)
	out, err := create.Output()
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, stderrOf(err))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	first := startHub(t, bin)
	hc := &http.Client{Timeout: 20 * time.Second}

	// Clients writing alongside, so the kill lands while other writes are in flight.
	var (
		mu       sync.Mutex
		acked    []ackedWrite
		inFlight int
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				in := practiceInput(fmt.Sprintf("background %d.%d", w, i))
				mu.Lock()
				inFlight++
				mu.Unlock()
				id, err := createPractice(hc, first.base, token, in)
				mu.Lock()
				inFlight--
				if err == nil {
					acked = append(acked, ackedWrite{id, in})
				}
				mu.Unlock()
				if err != nil {
					return // the server is gone
				}
			}
		}()
	}

	var killedWith int
	for i := range 10 {
		in := practiceInput(fmt.Sprintf("sequential %d", i))
		id, err := createPractice(hc, first.base, token, in)
		if err != nil {
			close(stop)
			first.kill()
			t.Fatalf("write %d: %v\nserver log:\n%s", i, err, first.log())
		}
		if i == 9 {
			mu.Lock()
			killedWith = inFlight
			mu.Unlock()
			first.kill() // at once: the acknowledgement is all the client has
		}
		mu.Lock()
		acked = append(acked, ackedWrite{id, in})
		mu.Unlock()
	}
	close(stop)
	wg.Wait()
	if sig := first.signal(); sig != syscall.SIGKILL {
		t.Fatalf("the first server ended with %v, not SIGKILL", sig)
	}
	t.Logf("killed the server after %d acknowledged writes, with %d more in flight (these may or may not have been written)", len(acked), killedWith)

	second := startHub(t, bin)
	if second.cmd.Process.Pid == first.cmd.Process.Pid {
		t.Fatal("the second server is the first one")
	}
	for _, w := range acked {
		got, err := readPractice(hc, second.base, token, w.id)
		if err != nil {
			t.Errorf("%s (%s): %v", w.id, w.in["title"], err)
			continue
		}
		if want := expected(w, tokenName); !reflect.DeepEqual(got, want) {
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			t.Errorf("practice %s after the restart:\n got %s\nwant %s", w.id, gj, wj)
		}
	}
	if !t.Failed() {
		t.Logf("all %d acknowledged practices intact after the restart; %s in all", len(acked), time.Since(started).Round(time.Millisecond))
	}
}

type ackedWrite struct {
	id string
	in map[string]any
}

var durabilityTheme = domain.GlobalID(domain.KindTheme, "2030-agenda-and-other-voluntary-commitments")

// practiceInput is a CreateGoodPracticeInput for Iceland (the State the tests write for)
// with every scalar and list field set, each value telling this write from the others. It is
// a DRAFT, read back as its editor: published practices would change the public counts that
// other tests of the shared database check.
func practiceInput(label string) map[string]any {
	nonce := strconv.FormatUint(rand.Uint64(), 36)
	caps := [][]string{{"COORDINATION"}, {"ENGAGEMENT", "INFORMATION_MANAGEMENT"}, {"CONSULTATION", "COORDINATION", "ENGAGEMENT"}}
	start := 2000 + rand.IntN(20)
	return map[string]any{
		"title":        "Durability " + label + " " + nonce,
		"summary":      "Written just before a SIGKILL — Þingvellir, «" + nonce + "».",
		"stateCode":    "ISL",
		"capacities":   caps[rand.IntN(len(caps))],
		"stakeholders": []string{"Parliament " + nonce, "Civil society"},
		"tools":        []string{"Spreadsheet " + nonce},
		"periodStart":  start,
		"periodEnd":    start + 1 + rand.IntN(5),
		"outcome":      "Outcome " + nonce,
		"themeIds":     []string{durabilityTheme},
		"status":       "DRAFT",
	}
}

// practiceView is what a practice reads back as.
type practiceView struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Summary      string   `json:"summary"`
	State        string   `json:"state"`
	Capacities   []string `json:"capacities"`
	Stakeholders []string `json:"stakeholders"`
	Tools        []string `json:"tools"`
	PeriodStart  int      `json:"periodStart"`
	PeriodEnd    int      `json:"periodEnd"`
	Outcome      string   `json:"outcome"`
	Status       string   `json:"status"`
	Version      int      `json:"version"`
	Themes       []string `json:"themes"`
	History      []string `json:"history"` // action by actor
}

func expected(w ackedWrite, actor string) practiceView {
	strs := func(k string) []string { return slices.Sorted(slices.Values(w.in[k].([]string))) }
	return practiceView{ID: w.id, Title: w.in["title"].(string), Summary: w.in["summary"].(string), State: "ISL",
		Capacities: strs("capacities"), Stakeholders: strs("stakeholders"), Tools: strs("tools"),
		PeriodStart: w.in["periodStart"].(int), PeriodEnd: w.in["periodEnd"].(int), Outcome: w.in["outcome"].(string),
		Status: w.in["status"].(string), Version: 1, Themes: strs("themeIds"), History: []string{"CREATE by " + actor}}
}

const createDurable = `mutation($in: CreateGoodPracticeInput!) { createGoodPractice(input: $in) { goodPractice { id } errors { code field message } } }`

const readDurable = `query($id: ID!) { node(id: $id) { ... on GoodPractice { id title summary state { code } capacities stakeholders tools
  periodStart periodEnd outcome status version themes { id } history(first: 5) { totalCount nodes { action actor } } } } }`

// createPractice returns the new practice's id once the server has answered 200 with it.
func createPractice(hc *http.Client, base, token string, in map[string]any) (string, error) {
	var r struct {
		CreateGoodPractice struct {
			GoodPractice *struct{ ID string }
			Errors       []struct{ Code, Field, Message string }
		}
	}
	if err := graphql(hc, base, token, createDurable, map[string]any{"in": in}, &r); err != nil {
		return "", err
	}
	if gp := r.CreateGoodPractice.GoodPractice; gp == nil || gp.ID == "" || len(r.CreateGoodPractice.Errors) > 0 {
		return "", fmt.Errorf("not created: %+v", r.CreateGoodPractice.Errors)
	}
	return r.CreateGoodPractice.GoodPractice.ID, nil
}

func readPractice(hc *http.Client, base, token, id string) (practiceView, error) {
	var r struct {
		Node *struct {
			ID, Title, Summary, Outcome, Status string
			State                               struct{ Code string }
			Capacities, Stakeholders, Tools     []string
			PeriodStart, PeriodEnd, Version     int
			Themes                              []struct{ ID string }
			History                             struct {
				TotalCount int
				Nodes      []struct{ Action, Actor string }
			}
		}
	}
	if err := graphql(hc, base, token, readDurable, map[string]any{"id": id}, &r); err != nil {
		return practiceView{}, err
	}
	n := r.Node
	if n == nil {
		return practiceView{}, errors.New("not found: the acknowledged write was lost")
	}
	v := practiceView{ID: n.ID, Title: n.Title, Summary: n.Summary, State: n.State.Code, Capacities: slices.Sorted(slices.Values(n.Capacities)),
		Stakeholders: slices.Sorted(slices.Values(n.Stakeholders)), Tools: slices.Sorted(slices.Values(n.Tools)),
		PeriodStart: n.PeriodStart, PeriodEnd: n.PeriodEnd, Outcome: n.Outcome, Status: n.Status, Version: n.Version}
	for _, th := range n.Themes {
		v.Themes = append(v.Themes, th.ID)
	}
	slices.Sort(v.Themes)
	for _, h := range n.History.Nodes {
		v.History = append(v.History, h.Action+" by "+h.Actor)
	}
	if n.History.TotalCount != len(n.History.Nodes) {
		return v, fmt.Errorf("history totalCount %d but %d nodes", n.History.TotalCount, len(n.History.Nodes))
	}
	return v, nil
}

// graphql posts one operation and decodes its data into out; a non-200 answer or any
// GraphQL error is an error.
func graphql(hc *http.Client, base, token, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		return fmt.Errorf("HTTP %d: errors %s", resp.StatusCode, r.Errors)
	}
	return json.Unmarshal(r.Data, out)
}

// hubEnv is the whole environment of a server process: nothing from the test's own
// environment leaks in but PATH and HOME, and the test database's credentials.
func hubEnv(extra map[string]string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "NEO4J_URI=" + testenv.URI(),
		"NEO4J_CONNECT_TIMEOUT=20s", "LOG_LEVEL=warn"}
	if u := os.Getenv("NEO4J_TEST_USERNAME"); u != "" {
		env = append(env, "NEO4J_USERNAME="+u, "NEO4J_PASSWORD="+os.Getenv("NEO4J_TEST_PASSWORD"))
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// hubProcess is a server running as a separate OS process.
type hubProcess struct {
	cmd    *exec.Cmd
	base   string
	output *lockedBuffer
	done   chan struct{}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startHub starts the binary on a free port and waits (30 s at most) until /readyz
// answers 200. The process is SIGKILLed at the end of the test if it still runs.
func startHub(t *testing.T, bin string) *hubProcess {
	t.Helper()
	port := strconv.Itoa(freePort(t))
	h := &hubProcess{cmd: exec.Command(bin), base: "http://127.0.0.1:" + port, output: &lockedBuffer{}, done: make(chan struct{})}
	h.cmd.Env = hubEnv(map[string]string{"HOST": "127.0.0.1", "PORT": port, "RATE_LIMIT_RPS": "0", "LOAD_DEMO_DATA": "false"})
	h.cmd.Stdout, h.cmd.Stderr = h.output, h.output
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = h.cmd.Wait(); close(h.done) }()
	t.Cleanup(func() { h.kill() })

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.base+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return h
			}
		}
		select {
		case <-h.done:
			t.Fatalf("the server exited during start-up:\n%s", h.log())
		case <-ctx.Done():
			t.Fatalf("the server was not ready within 30s:\n%s", h.log())
		case <-time.After(50 * time.Millisecond): // polling interval, bounded by the deadline
		}
	}
}

// kill SIGKILLs the process (no graceful shutdown) and waits until it is gone.
func (h *hubProcess) kill() {
	select {
	case <-h.done:
		return
	default:
	}
	_ = h.cmd.Process.Signal(syscall.SIGKILL)
	<-h.done
}

// signal is the signal that ended the process (0 if it exited by itself).
func (h *hubProcess) signal() syscall.Signal {
	<-h.done
	if ws, ok := h.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal()
	}
	return 0
}

func (h *hubProcess) log() string { return h.output.String() }

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}
