package domain

import (
	"context"
	"io"
)

// Role is what a caller may do.
type Role string

// The roles: anonymous callers are viewers (published data only); editors write, optionally
// only for one State; administrators do everything, hard deletes included.
const (
	RoleViewer Role = "VIEWER"
	RoleEditor Role = "EDITOR"
	RoleAdmin  Role = "ADMIN"
)

// Roles lists the valid roles.
var Roles = []Role{RoleViewer, RoleEditor, RoleAdmin}

// Principal is who makes a request.
type Principal struct {
	TokenID   string // "" for anonymous callers
	Name      string
	Role      Role
	StateCode string // for editors scoped to one State; "" means any State
}

// Anonymous is the principal of a request without credentials.
var Anonymous = Principal{Name: "anonymous", Role: RoleViewer}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the request's principal (Anonymous when none was set).
func PrincipalFrom(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return Anonymous
}

// MayEdit tells whether p may write a record of the State code, and read its drafts and
// history: administrators every record, editors those of their State (of every State when
// their token names none), viewers none.
func (p Principal) MayEdit(stateCode string) bool {
	return p.Role == RoleAdmin || p.Role == RoleEditor && (p.StateCode == "" || p.StateCode == stateCode)
}

func (e Role) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *Role) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, Roles) }
