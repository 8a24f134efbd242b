package domain

import "io"

// Curation: what NMIRF staff record through the API besides good practices — follow-up
// actions on recommendations and the clusters of recommendations they plan by.

// IsEditable tells whether the API writes nodes of kind k: creates, changes, archives and
// deletes them, and keeps their history.
func IsEditable(k Kind) bool {
	switch k {
	case KindGoodPractice, KindNMIRF, KindInstitution, KindFollowUpAction, KindCuratedCluster:
		return true
	}
	return false
}

// Link is a link to make, or to remove, between two nodes: the pairs that can be linked are
// store.Linkable's. With Version nil, From's version is not checked.
type Link struct {
	From, To Ref
	Version  *int
}

// Editable is embedded in every node the API writes: its edit version (updates must name
// it) and, once archived, when.
type Editable struct {
	Version    int
	ArchivedAt *string // RFC 3339; archived nodes leave public lists but keep their history
}

// FollowUpStatus is how far a follow-up action has got.
type FollowUpStatus string

// FollowUpStatuses lists the valid values, in the order an action goes through them.
var FollowUpStatuses = []FollowUpStatus{"IN_PREPARATION", "IN_PROGRESS", "COMPLETED"}

func (e FollowUpStatus) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *FollowUpStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, FollowUpStatuses) }

// FollowUpAction is what an NMIRF does about one recommendation or one curated cluster.
type FollowUpAction struct {
	Key                string
	Title              string
	Description        *string
	NMIRFKey           string
	StateCode          string
	LeadInstitutionKey *string
	RecommendationKey  *string
	ClusterKey         *string
	Status             FollowUpStatus
	DueDate            *Date
	Indicator          *string
	ProgressNotes      []*ProgressNote
	Editable
}

func (a *FollowUpAction) ID() string  { return GlobalID(KindFollowUpAction, a.Key) }
func (a *FollowUpAction) UID() string { return UID(KindFollowUpAction, a.Key) }

// ProgressNote is one dated note on how an action goes.
type ProgressNote struct {
	At, Author, Text string
}

// CuratedCluster is a group of a State's recommendations that its NMIRF plans as one; it
// overrides the computed clustering for the recommendations it holds.
type CuratedCluster struct {
	Key         string
	Name        string
	Description *string
	NMIRFKey    string
	StateCode   string
	Editable
}

func (c *CuratedCluster) ID() string  { return GlobalID(KindCuratedCluster, c.Key) }
func (c *CuratedCluster) UID() string { return UID(KindCuratedCluster, c.Key) }
