// Package curation is the service layer of the hub's writes: good practices, NMIRFs,
// institutions, network memberships, follow-up actions, curated clusters, links and hard
// deletes. Every operation takes a typed domain input and goes the same way:
//
//  1. authenticate: anonymous callers are UNAUTHENTICATED before anything about the input is
//     revealed;
//  2. resolve the node the write is about (the one it changes, or the NMIRF a new action or
//     cluster belongs to): a bad ID is BAD_USER_INPUT, an unknown one NOT_FOUND;
//  3. authorize for that node's State (or the State a new record names): FORBIDDEN otherwise;
//  4. resolve every other node the input names (one query per kind) and validate the input
//     (the domain input's Validate): all problems at once, nothing written when there is one;
//  5. write through the store's typed write of the entity, which checks the version and
//     records the change, then read the node back as written.
//
// Input problems (BAD_USER_INPUT, NOT_FOUND, CONFLICT) come back as errors that
// apperr.Problems sorts into a payload's errors; anything else is a top-level error.
package curation

import (
	"context"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// Service runs the curation operations on a store. It is safe for concurrent use.
type Service struct {
	store *store.Store
}

// New returns the curation service of st.
func New(st *store.Store) *Service { return &Service{store: st} }

// reader reads nodes by key, as written (the store's XByKeys).
type reader[N any] func(context.Context, []string) (map[string]*N, error)

// commit runs steps 4 and 5 of every write, once its subject is resolved and authorized:
// resolve refs, validate, write (apply returns the key written), read the node back.
func commit[N any](ctx context.Context, s *Service, refs refSet, validate func() error,
	apply func(by domain.Principal) (string, error), read reader[N]) (*N, error) {
	if err := s.resolveAll(ctx, refs); err != nil {
		return nil, err
	}
	if err := validate(); err != nil {
		return nil, err
	}
	key, err := apply(domain.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	// Read from the store, not the request's loaders: they may hold the node as it was.
	got, err := read(ctx, []string{key})
	if err != nil {
		return nil, err
	}
	return got[key], nil
}

// create is commit for a new node: d is validated (in place: Validate trims and fills
// defaults) and written by write, which returns the new key.
func create[D any, PD interface {
	*D
	Validate() error
}, N any](ctx context.Context, s *Service, refs refSet, d PD, write func(context.Context, domain.Principal, D) (string, error), read reader[N]) (*N, error) {
	return commit(ctx, s, refs, d.Validate, func(by domain.Principal) (string, error) { return write(ctx, by, *d) }, read)
}

// update is steps 1 to 5 of a change to the node of kind that id names: p is validated
// for the node's State and written by write.
func update[P, N any](ctx context.Context, s *Service, kind domain.Kind, id string, refs refSet, p *P, validate func(state string) error,
	write func(context.Context, domain.Principal, string, P) error, read reader[N]) (*N, error) {
	n, err := s.subject(ctx, id, kind)
	if err != nil {
		return nil, err
	}
	return commit(ctx, s, refs, func() error { return validate(n.Node.State()) },
		func(by domain.Principal) (string, error) { return n.Key, write(ctx, by, n.Key, *p) }, read)
}

// anyState is a patch's Validate that does not depend on the State of the node patched.
func anyState(validate func() error) func(string) error {
	return func(string) error { return validate() }
}

func valid() error { return nil }
