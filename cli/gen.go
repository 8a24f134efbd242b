package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/nmirf-hub/hub/synth"
)

func runGen(ctx context.Context, env Env, args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	n := fs.Int("recommendations", 0, "how many synthetic recommendations to write (1 to 10,000,000)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed writes the same file")
	out := fs.String("o", "", "output file (default: synthetic-uhri-N.json)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > 10_000_000 {
		return fmt.Errorf("--recommendations must be between 1 and 10,000,000")
	}
	path := *out
	if path == "" {
		path = fmt.Sprintf("synthetic-uhri-%d.json", *n)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := synth.Write(bw, *n, *seed); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %d synthetic UHRI-JSON records to %s (import with: go run . import --format uhri-json %s)\n", *n, path, path)
	return nil
}
