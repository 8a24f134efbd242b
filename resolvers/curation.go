package resolvers

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Curation beyond good practices: NMIRFs, institutions, network memberships, follow-up
// actions, curated clusters, links and hard deletes. Each mutation follows the same steps:
// authenticate; resolve the node it names (unknown → NOT_FOUND in `errors`); authorize for
// that node's State; check every input field, collecting all problems (nothing is written
// when there is one); then one store write, which checks the version and records the change.

// authenticated fails for anonymous callers, before anything about the input is revealed.
func authenticated(ctx context.Context) error {
	if domain.PrincipalFrom(ctx).TokenID == "" {
		return authorize(ctx, "")
	}
	return nil
}

// adminOnly lets administrators through; the others are UNAUTHENTICATED or FORBIDDEN.
func adminOnly(ctx context.Context) error {
	if err := authenticated(ctx); err != nil {
		return err
	}
	if domain.PrincipalFrom(ctx).Role != domain.RoleAdmin {
		return &apperr.Error{Code: apperr.Forbidden, Message: "only administrators may do this"}
	}
	return nil
}

// existing is a node an update names, once found and authorized.
type existing struct {
	key   string
	owner store.Owner
}

// lookup resolves the global ID in field to a node of kind, checks that it exists and that
// the caller may write it. A bad or unknown ID is a user error; a caller without rights gets
// a top-level error.
func (r *Resolver) lookup(ctx context.Context, field, id string, kind domain.Kind) (existing, *apperr.Error, error) {
	if err := authenticated(ctx); err != nil {
		return existing{}, nil, err
	}
	k, key, err := domain.ParseGlobalID(field, id)
	if err != nil || k != kind {
		return existing{}, apperr.Invalid(field, "%q is not the ID of a %s", id, kind), nil
	}
	owner, err := r.Store.OwnerOf(ctx, string(kind), key)
	if err != nil {
		return existing{}, nil, err
	}
	if !owner.Found {
		return existing{}, &apperr.Error{Code: apperr.NotFound, Field: field, Message: "no such " + string(kind)}, nil
	}
	return existing{key: key, owner: owner}, nil, authorize(ctx, owner.StateCode)
}

// settle splits collected problems: an internal one becomes the top-level error, the others
// go back in the payload.
func settle(errs []*apperr.Error) error {
	for _, e := range errs {
		if e != nil && e.Code == apperr.Internal {
			return e
		}
	}
	return nil
}

// payload finishes a mutation: the top-level error, or the user errors, or the node as
// written, read from the store (the request's loaders may hold it as it was before).
func payload[N, P any](ctx context.Context, key string, errs []*apperr.Error, err error,
	read func(context.Context, []string) (map[string]*N, error), wrap func(*N, []*apperr.Error) *P) (*P, error) {
	if err != nil {
		return nil, err
	}
	if err := settle(errs); err != nil {
		return nil, err
	}
	if len(errs) > 0 && errs[0] != nil {
		return wrap(nil, errs), nil
	}
	got, err := read(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return wrap(got[key], []*apperr.Error{}), nil
}

// apply writes w for the caller; a stale version or a node deleted meanwhile comes back as a
// user error.
func (r *Resolver) apply(ctx context.Context, w store.Write) (*apperr.Error, error) {
	who := domain.PrincipalFrom(ctx)
	w.Actor, w.ActorID = who.Name, who.TokenID
	_, err := r.Store.Apply(ctx, w)
	if e, ok := apperr.As(err); ok && (e.Code == apperr.Conflict || e.Code == apperr.NotFound) {
		return e, nil
	}
	return nil, err
}

// optText checks an optional text; "" asks to clear it (nil in the written properties).
func (c *checker) optText(props map[string]any, prop, field string, v *string, max int) {
	if v == nil {
		return
	}
	t := strings.TrimSpace(*v)
	if len([]rune(t)) > max {
		c.fail(field, "at most %d characters", max)
		return
	}
	if t == "" {
		props[prop] = nil
	} else {
		props[prop] = t
	}
}

// reqText checks a text that must not be empty and sets it when given.
func (c *checker) reqText(props map[string]any, prop, field string, v *string, max int) {
	if v == nil {
		return
	}
	c.text(field, *v, max)
	props[prop] = strings.TrimSpace(*v)
}

func (c *checker) website(props map[string]any, field string, v *string) {
	if v == nil {
		return
	}
	t := strings.TrimSpace(*v)
	if t == "" {
		props["website"] = nil
		return
	}
	u, err := url.Parse(t)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(t) > 500 {
		c.fail(field, "%q is not an http or https address", t)
		return
	}
	props["website"] = t
}

// state checks a State code and returns it upper-cased.
func (c *checker) state(ctx context.Context, field, code string) string {
	code = domain.NormalizeStateCode(code)
	if st, err := optional(For(ctx).StateByCode.Load(ctx, code)); err != nil {
		c.errs = append(c.errs, internal(err))
	} else if st == nil {
		c.fail(field, "%q is not a known State", code)
	}
	return code
}

// nmirf resolves an NMIRF ID to an active NMIRF.
func (c *checker) nmirf(ctx context.Context, field, id string) *domain.NMIRF {
	kind, key, err := domain.ParseGlobalID(field, id)
	if err != nil || kind != domain.KindNMIRF {
		c.fail(field, "%q is not the ID of an NMIRF", id)
		return nil
	}
	n, err := optional(For(ctx).NMIRFByKey.Load(ctx, key))
	switch {
	case err != nil:
		c.errs = append(c.errs, internal(err))
	case n == nil:
		c.fail(field, "no such NMIRF")
	case n.ArchivedAt != nil:
		c.fail(field, "the NMIRF is archived")
		return nil
	}
	return n
}

// addressedTo checks that every recommendation is addressed to the State code.
func (c *checker) addressedTo(ctx context.Context, field string, keys []string, code string) {
	addressed, err := For(ctx).StatesAddressed.LoadAll(ctx, keys)
	if err != nil {
		c.errs = append(c.errs, internal(err))
		return
	}
	for i, states := range addressed {
		ok := false
		for _, s := range states {
			ok = ok || s.Code == code
		}
		if !ok {
			c.fail(field, "recommendation %d is not addressed to %s", i, code)
		}
	}
}

func (c *checker) date(field string, d *domain.Date) {
	if d != nil && (d.Year() < 1945 || d.Year() > 2100) {
		c.fail(field, "%s is not a date between 1945 and 2100", d)
	}
}

func internal(err error) *apperr.Error {
	return &apperr.Error{Code: apperr.Internal, Message: "internal error", Err: err}
}

func archivedNow() map[string]any {
	return map[string]any{"archivedAt": time.Now().UTC().Format(time.RFC3339)}
}

// archive checks the version and archive state, then archives.
func (r *Resolver) archive(ctx context.Context, kind domain.Kind, in model.ArchiveInput) (string, []*apperr.Error, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, kind)
	if err != nil || userErr != nil {
		return "", []*apperr.Error{userErr}, err
	}
	if e.owner.Archived {
		return "", []*apperr.Error{apperr.Invalid("input.id", "it is archived already")}, nil
	}
	userErr, err = r.apply(ctx, store.Write{Label: string(kind), Key: e.key, Version: in.Version, Action: "ARCHIVE", Props: archivedNow()})
	if userErr != nil {
		return "", []*apperr.Error{userErr}, err
	}
	return e.key, nil, err
}
