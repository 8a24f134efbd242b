// Package domain holds the hub's domain types, shared by the store (which reads and writes
// them) and the GraphQL layer (which serves them). It knows neither Cypher nor GraphQL.
package domain

import (
	"encoding/base64"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
)

// Kind names a node type. It is both the Neo4j label and the GraphQL type name, and the
// prefix of every global ID, so it must never be taken from user input without Parse.
type Kind string

// The node kinds of the graph.
const (
	KindState      Kind = "State"
	KindNMIRF      Kind = "NMIRF"
	KindNetwork    Kind = "Network"
	KindEvent      Kind = "Event"
	KindInstrument Kind = "Instrument"
	KindSource     Kind = "Source"

	KindMechanism      Kind = "Mechanism"
	KindDocument       Kind = "Document"
	KindRecommendation Kind = "Recommendation"
	KindTheme          Kind = "Theme"
	KindAffectedGroup  Kind = "AffectedGroup"
	KindSdgGoal        Kind = "SdgGoal"
	KindSdgTarget      Kind = "SdgTarget"

	KindGoodPractice      Kind = "GoodPractice"
	KindGuidanceDimension Kind = "GuidanceDimension"
	KindInstitution       Kind = "Institution"
	KindOrganization      Kind = "Organization"
	KindFollowUpAction    Kind = "FollowUpAction"
	KindCuratedCluster    Kind = "CuratedCluster"
)

// Kinds lists every kind a global ID may name.
var Kinds = []Kind{KindState, KindNMIRF, KindNetwork, KindEvent, KindInstrument, KindSource,
	KindMechanism, KindDocument, KindRecommendation, KindTheme, KindAffectedGroup, KindSdgGoal, KindSdgTarget,
	KindGoodPractice, KindGuidanceDimension, KindInstitution, KindOrganization, KindFollowUpAction, KindCuratedCluster}

// Node is anything with a global ID.
type Node interface {
	// ID is the opaque global ID.
	ID() string
	// UID is the readable form of the global ID, "Kind:key", stored on every node.
	UID() string
}

// UID is the readable identity of a node, "Kind:key"; it is unique across the graph.
func UID(kind Kind, key string) string { return string(kind) + ":" + key }

// GlobalID returns the opaque global ID of the node of the given kind and key.
// It is opaque so that clients never build IDs by hand and we may change keys later.
func GlobalID(kind Kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(UID(kind, key)))
}

// ParseGlobalID splits a global ID into its kind and key; an ID that is not one of ours is
// a BAD_USER_INPUT error on field.
func ParseGlobalID(field, id string) (Kind, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", "", apperr.Invalid(field, "%q is not a valid ID", id)
	}
	kind, key, ok := strings.Cut(string(raw), ":")
	if !ok || key == "" {
		return "", "", apperr.Invalid(field, "%q is not a valid ID", id)
	}
	for _, k := range Kinds {
		if string(k) == kind {
			return k, key, nil
		}
	}
	return "", "", apperr.Invalid(field, "%q is not a valid ID", id)
}
