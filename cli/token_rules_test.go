package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An editor's scope is explicit, State codes are the graph's, names are unique and revoking
// by id works.
func TestTokenCreateRules(t *testing.T) {
	name := fmt.Sprintf("test-rules-%d", rand.Int())
	for _, args := range [][]string{
		{"create", "--role", "editor", "--name", name},                                   // no scope
		{"create", "--role", "editor", "--name", name, "--state", "ZZZ"},                 // no such State
		{"create", "--role", "editor", "--name", name, "--state", "MAR", "--all-states"}, // both
		{"create", "--role", "viewer", "--name", name, "--all-states"},                   // not an editor
	} {
		if _, _, err := run(t, "token", args...); err == nil {
			t.Errorf("token %v was accepted", args)
		}
	}
	if _, errs, err := run(t, "token", "create", "--role", "editor", "--name", name, "--all-states"); err != nil {
		t.Fatalf("--all-states: %v %s", err, errs)
	}
	if _, _, err := run(t, "token", "create", "--role", "viewer", "--name", name); err == nil || !strings.Contains(err.Error(), "already has this name") {
		t.Errorf("a second token named %q: %v", name, err)
	}
	other := name + "-2"
	_, errs, err := run(t, "token", "create", "--role", "editor", "--name", other, "--state", "mar")
	if err != nil {
		t.Fatalf("create: %v %s", err, errs)
	}
	id := strings.Fields(strings.TrimPrefix(errs, "created token "))[0]
	out, _, err := run(t, "token", "revoke", id)
	if err != nil || !strings.Contains(out, id) {
		t.Errorf("revoke by id %s: %v %s", id, err, out)
	}
	if _, _, err := run(t, "token", "revoke", name[:len(name)-2]); err == nil {
		t.Errorf("revoke by a prefix of a name was accepted")
	}
	if out, _, err := run(t, "token", "revoke", name); err != nil || !strings.Contains(out, "revoked token") {
		t.Errorf("revoke by name: %v %s", err, out)
	}
	// Once revoked, the name is free again.
	if _, errs, err := run(t, "token", "create", "--role", "viewer", "--name", name); err != nil {
		t.Errorf("reusing a revoked token's name: %v %s", err, errs)
	}
	_, _, _ = run(t, "token", "revoke", name)
}

// export reads State codes as the API does, and refuses a malformed one before writing.
func TestExportRefusesMalformedStateCodes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.ndjson")
	_, _, err := run(t, "export", "--format", "ndjson", "--state", "M4R", "-o", out)
	if err == nil || !strings.Contains(err.Error(), "--state") {
		t.Errorf("export --state M4R: %v", err)
	}
	if _, statErr := os.Stat(out); statErr == nil {
		t.Error("a refused export left a file behind")
	}
}
