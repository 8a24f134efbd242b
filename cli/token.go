package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// runToken creates and revokes API tokens:
//
//	hub token create --role VIEWER|ADMIN --name NAME                  (the token is the last line)
//	hub token create --role EDITOR --name NAME --state ISO3|--all-states
//	hub token revoke ID|NAME                                          (exact id or name)
func runToken(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: token create --role ROLE --name NAME [--state ISO3 | --all-states] | token revoke ID|NAME")
	}
	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("token create", flag.ContinueOnError)
		fs.SetOutput(env.Stderr)
		role := fs.String("role", "", "VIEWER, EDITOR or ADMIN")
		name := fs.String("name", "", "who or what the token is for (unique among active tokens)")
		state := fs.String("state", "", "for an EDITOR: the only State (ISO alpha-3, a State of the graph) it may write for")
		allStates := fs.Bool("all-states", false, "for an EDITOR: may write for every State (instead of --state)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		r := domain.Role(strings.ToUpper(*role))
		if !domain.Valid(r, domain.Roles) {
			return fmt.Errorf("--role: %q is not one of VIEWER, EDITOR, ADMIN", *role)
		}
		if strings.TrimSpace(*name) == "" {
			return fmt.Errorf("--name is required")
		}
		sc := domain.NormalizeStateCode(*state)
		switch {
		case r != domain.RoleEditor && (sc != "" || *allStates):
			return fmt.Errorf("--state and --all-states go only with --role EDITOR")
		case r == domain.RoleEditor && sc == "" && !*allStates:
			return fmt.Errorf("--role EDITOR needs --state ISO3 (the State it may write for) or --all-states")
		case sc != "" && *allStates:
			return fmt.Errorf("--state and --all-states exclude each other")
		case sc != "" && !domain.IsStateCode(sc):
			return fmt.Errorf("--state: %q is not an ISO alpha-3 code", *state)
		}
		st, err := openStore(ctx, env)
		if err != nil {
			return err
		}
		defer st.Close(context.Background())
		id, token, err := st.CreateToken(ctx, strings.TrimSpace(*name), r, sc)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "created token %s (%s, role %s); it is shown once, keep it secret:\n", id, *name, r)
		fmt.Fprintln(env.Stdout, token)
		return nil
	case "revoke":
		if len(args) != 2 {
			return fmt.Errorf("usage: token revoke ID|NAME")
		}
		st, err := openStore(ctx, env)
		if err != nil {
			return err
		}
		defer st.Close(context.Background())
		id, err := st.RevokeToken(ctx, args[1])
		if err != nil {
			return err
		}
		if id == "" {
			return fmt.Errorf("no active token has the id or name %q", args[1])
		}
		fmt.Fprintf(env.Stdout, "revoked token %s\n", id)
		return nil
	}
	return fmt.Errorf("unknown token command %q (create, revoke)", args[0])
}
