package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/domain"
)

// The typed writes the curation service calls, one per entity and operation, all through the
// generic Apply (write.go): the property, label and link names stay here. This file holds
// the ones that apply to any editable node (archive, link, unlink, delete); the others are
// in practice_write.go, nmirf_write.go and curation_write.go.

// applyAs runs w in the name of the principal who asked for it (recorded in its Change).
func (s *Store) applyAs(ctx context.Context, by domain.Principal, w Write) error {
	w.Actor, w.ActorID = by.Name, by.TokenID
	_, err := s.Apply(ctx, w)
	return err
}

// newKey makes the key of a node the API creates: a prefix that says its kind, and a UUID.
func newKey(prefix string) string { return prefix + "-" + uuid.NewString() }

// optional is the property value of an optional text: "" removes the property.
func optional(v *string) any {
	if *v == "" {
		return nil
	}
	return *v
}

// setOptional sets prop in props when v is given (nil leaves the property as it is).
func setOptional(props map[string]any, prop string, v *string) {
	if v != nil {
		props[prop] = optional(v)
	}
}

// refKeys is the keys of refs, nil when refs is (a link left as it is).
func refKeys(refs *[]domain.Ref) *[]string {
	if refs == nil {
		return nil
	}
	keys := domain.Keys(*refs)
	return &keys
}

// Archive archives an editable node of the given version: a good practice takes the status
// ARCHIVED, the other kinds an archivedAt time. Archived nodes leave public lists but stay
// reachable by ID, with their history.
func (s *Store) Archive(ctx context.Context, by domain.Principal, kind domain.Kind, key string, version int) error {
	props := map[string]any{"archivedAt": time.Now().UTC().Format(time.RFC3339)}
	if kind == domain.KindGoodPractice {
		props = map[string]any{"status": "ARCHIVED"}
	}
	return s.applyAs(ctx, by, Write{Label: string(kind), Key: key, Version: version, Action: "ARCHIVE", Props: props})
}

// linkNames are the pairs of kinds Link accepts and the link (of `editables`) each makes.
var linkNames = map[[2]domain.Kind]string{
	{domain.KindGoodPractice, domain.KindRecommendation}:    "recommendations",
	{domain.KindGoodPractice, domain.KindTheme}:             "themes",
	{domain.KindGoodPractice, domain.KindGuidanceDimension}: "guidanceDimensions",
	{domain.KindGoodPractice, domain.KindSource}:            "sources",
	{domain.KindCuratedCluster, domain.KindRecommendation}:  "recommendations",
	{domain.KindCuratedCluster, domain.KindTheme}:           "themes",
	{domain.KindNMIRF, domain.KindSource}:                   "sources",
}

// Linkable tells whether a node of kind from can be linked to one of kind to.
func Linkable(from, to domain.Kind) bool {
	_, ok := linkNames[[2]domain.Kind{from, to}]
	return ok
}

// Link links the editable node from to the node to (linking twice changes nothing more but
// the version); with version nil the version is not checked.
func (s *Store) Link(ctx context.Context, by domain.Principal, from, to domain.Ref, version *int) error {
	w := linkWrite(from, version)
	w.Action, w.Add = "LINK", map[string][]Target{linkNames[[2]domain.Kind{from.Kind, to.Kind}]: Keys([]string{to.Key})}
	return s.applyAs(ctx, by, w)
}

// Unlink removes the link Link made.
func (s *Store) Unlink(ctx context.Context, by domain.Principal, from, to domain.Ref, version *int) error {
	w := linkWrite(from, version)
	w.Action, w.Remove = "UNLINK", map[string][]string{linkNames[[2]domain.Kind{from.Kind, to.Kind}]: {to.Key}}
	return s.applyAs(ctx, by, w)
}

func linkWrite(from domain.Ref, version *int) Write {
	w := Write{Label: string(from.Kind), Key: from.Key, AnyVersion: version == nil}
	if version != nil {
		w.Version = *version
	}
	return w
}

// DeleteNode deletes an editable node for good (see Delete).
func (s *Store) DeleteNode(ctx context.Context, by domain.Principal, kind domain.Kind, key string) error {
	return s.Delete(ctx, string(kind), key, by.Name, by.TokenID)
}
