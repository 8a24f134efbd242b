// Package cli holds the hub's command-line tools, run from the same binary as the server:
//
//	hub import [--format FORMAT] [--preset NAME] [--map COLUMN=field,…] [--encoding NAME] [--strict]
//	           [--add-labels] [--overwrite] [--state ISO3 --cycle N --session N] [--dry-run] [--report FILE]
//	           [--batch N] [--cpuprofile FILE] [--initial-load DIR] FILE
//	hub migrate
//	hub export [--format csv|json|ndjson|hub-json] [filters…] [-o FILE]
//	hub export --neighbourhood ID [--depth N] [--limit N] --format graphml|json [-o FILE]
//	hub gen --recommendations N [--seed S] [-o FILE]
//	hub token create --role VIEWER|EDITOR|ADMIN --name NAME [--state ISO3 | --all-states]
//	hub token revoke ID|NAME
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/nmirf-hub/hub/config"
	"github.com/nmirf-hub/hub/refdata"
	"github.com/nmirf-hub/hub/store"
)

// Commands lists the subcommands Run knows.
var Commands = map[string]func(ctx context.Context, env Env, args []string) error{
	"import":  runImport,
	"export":  runExport,
	"gen":     runGen,
	"token":   runToken,
	"migrate": runMigrate,
}

// Env is what a command gets from its caller.
type Env struct {
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
}

// Run runs the named command.
func Run(ctx context.Context, name string, env Env, args []string) error {
	cmd, ok := Commands[name]
	if !ok {
		return fmt.Errorf("unknown command %q (commands: import, export, gen, token, migrate)", name)
	}
	return cmd(ctx, env, args)
}

// runMigrate prepares the graph (schema, reference tables) and waits until every index is
// online: after an initial load, whose files hold no index, this builds them.
func runMigrate(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("usage: migrate (no arguments)")
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if err := refdata.EnsureReference(ctx, st); err != nil {
		return fmt.Errorf("reference tables: %w", err)
	}
	fmt.Fprintln(env.Stdout, "graph ready: schema applied, indexes online")
	return nil
}

// openStore connects with the server's configuration (NEO4J_* variables) and prepares the
// schema, so a command works on an empty database too.
func openStore(ctx context.Context, env Env) (*store.Store, error) {
	return openStoreWith(ctx, env, (*store.Store).Migrate)
}

// openStoreWith connects as openStore does and prepares the graph with migrate.
func openStoreWith(ctx context.Context, env Env, migrate func(*store.Store, context.Context) error) (*store.Store, error) {
	cfg, err := config.Load(env.Getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	st, err := store.Open(ctx, store.Config{URI: cfg.Neo4jURI, Username: cfg.Neo4jUsername, Password: cfg.Neo4jPassword,
		Database: cfg.Neo4jDatabase, QueryTimeout: 5 * time.Minute, RetryTime: time.Minute}, cfg.ConnectTimeout, env.Log)
	if err != nil {
		return nil, err
	}
	if err := migrate(st, ctx); err != nil {
		st.Close(context.Background())
		return nil, err
	}
	return st, nil
}
