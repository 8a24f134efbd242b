package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/testenv"
)

// An initial load's directory with a comma in its path is refused before anything is read:
// the offline importer's lists of files are comma-separated.
func TestInitialLoadRefusesACommaInItsPath(t *testing.T) {
	var out, errb bytes.Buffer
	env := Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errb, Log: testenv.Logger()}
	err := Run(context.Background(), "import", env, []string{"--initial-load", filepath.Join(t.TempDir(), "a,b"), "no-such-file.json"})
	if err == nil || !strings.Contains(err.Error(), "comma") {
		t.Fatalf("err = %v", err)
	}
}
