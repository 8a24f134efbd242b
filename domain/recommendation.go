package domain

import "io"

// MechanismKind classifies the international mechanisms that issue recommendations.
type MechanismKind string

// MechanismKinds lists the valid values.
var MechanismKinds = []MechanismKind{"UPR", "TREATY_BODY", "SPECIAL_PROCEDURE", "REGIONAL", "OTHER"}

func (e MechanismKind) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *MechanismKind) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, MechanismKinds) }

// RecommendationType tells a recommendation from a concern or observation.
type RecommendationType string

// RecommendationTypes lists the valid values.
var RecommendationTypes = []RecommendationType{"RECOMMENDATION", "CONCERN_OBSERVATION", "OTHER"}

func (e RecommendationType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }
func (e *RecommendationType) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, e, RecommendationTypes)
}

// PositionValue is the position a State under review took on a recommendation.
type PositionValue string

// PositionValues lists the valid values.
var PositionValues = []PositionValue{"SUPPORTED", "NOTED", "PARTIALLY_SUPPORTED", "PENDING"}

func (e PositionValue) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *PositionValue) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, PositionValues) }

// Mechanism is a body that issues recommendations: the UPR, a treaty body, a special
// procedure mandate, a regional body.
type Mechanism struct {
	Key   string
	Code  string
	Kind  MechanismKind
	Names Texts
}

func (m *Mechanism) ID() string  { return GlobalID(KindMechanism, m.Key) }
func (m *Mechanism) UID() string { return UID(KindMechanism, m.Key) }

// Document is a UN document that contains recommendations.
type Document struct {
	Key         string
	Symbol      *string
	Title       string
	Titles      Texts // the title in other languages too, when known
	Type        *string
	PublishedOn *Date
	Year        *int
}

func (d *Document) ID() string  { return GlobalID(KindDocument, d.Key) }
func (d *Document) UID() string { return UID(KindDocument, d.Key) }

// Recommendation is a recommendation, concern or observation of a mechanism.
type Recommendation struct {
	Key              string
	Texts            Texts
	Paragraph        *string
	Type             RecommendationType
	PublishedOn      *Date
	Year             *int
	UprCycle         *int
	UprSession       *int
	UhriAnnotationID *string
	MechanismKey     *string
	DocumentKey      *string
	Position         *Position
}

// Text and TextLanguage are the GraphQL fields of the same names, called in line by gqlgen
// (see GoodPractice.Title).
func (r *Recommendation) Text(lang *Language) string {
	s, _ := r.Texts.In(lang)
	return s
}

func (r *Recommendation) TextLanguage(lang *Language) *Language {
	_, served := r.Texts.In(lang)
	return served
}

func (r *Recommendation) ID() string  { return GlobalID(KindRecommendation, r.Key) }
func (r *Recommendation) UID() string { return UID(KindRecommendation, r.Key) }

// Position is a State's position on a recommendation, with where it said so.
type Position struct {
	Value PositionValue
	// Label is the position as the source wrote it ("Supported", "consider", "Tomada nota").
	Label           *string
	SourceSymbol    *string
	SourceParagraph *string
}

// Theme is a human-rights theme in a taxonomy (UHRI's, for now).
type Theme struct {
	Key       string
	Names     Texts
	Scheme    string
	Version   *string
	ParentKey *string
}

func (t *Theme) ID() string  { return GlobalID(KindTheme, t.Key) }
func (t *Theme) UID() string { return UID(KindTheme, t.Key) }

// AffectedGroup is a group of persons a recommendation concerns.
type AffectedGroup struct {
	Key   string
	Names Texts
}

func (g *AffectedGroup) ID() string  { return GlobalID(KindAffectedGroup, g.Key) }
func (g *AffectedGroup) UID() string { return UID(KindAffectedGroup, g.Key) }

// SdgGoal is one of the 17 Sustainable Development Goals.
type SdgGoal struct {
	Code  string
	Names Texts
}

func (g *SdgGoal) ID() string  { return GlobalID(KindSdgGoal, g.Code) }
func (g *SdgGoal) UID() string { return UID(KindSdgGoal, g.Code) }

// SdgTarget is one of the 169 SDG targets.
type SdgTarget struct {
	Code     string
	GoalCode string
	Names    Texts
}

func (t *SdgTarget) ID() string  { return GlobalID(KindSdgTarget, t.Code) }
func (t *SdgTarget) UID() string { return UID(KindSdgTarget, t.Code) }

// RecommendationFilter restricts a set of recommendations; the zero value matches all and
// every set field narrows the set further.
type RecommendationFilter struct {
	StateCodes             []string
	RecommendingStateCodes []string
	MechanismKinds         []MechanismKind
	MechanismCodes         []string
	ThemeKeys              []string // matched with their descendant themes
	AffectedGroupKeys      []string
	SdgCodes               []string // goal ("5") or target ("5.2") codes
	Positions              []PositionValue
	UprCycles              []int
	Types                  []RecommendationType
	PublishedFrom          *Date
	PublishedTo            *Date
	Languages              []Language
	TextContains           *string
}

// RecommendationOrderField is what recommendations can be ordered by.
type RecommendationOrderField string

// RecommendationOrderFields lists the valid values.
var RecommendationOrderFields = []RecommendationOrderField{"PUBLISHED_AT", "PARAGRAPH"}

func (e RecommendationOrderField) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }
func (e *RecommendationOrderField) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, e, RecommendationOrderFields)
}

// OrderDirection is ascending or descending.
type OrderDirection string

// OrderDirections lists the valid values.
var OrderDirections = []OrderDirection{"ASC", "DESC"}

func (e OrderDirection) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *OrderDirection) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, OrderDirections) }

// RecommendationOrder is a sort order for recommendations.
type RecommendationOrder struct {
	Field     RecommendationOrderField
	Direction OrderDirection
}

// DefaultRecommendationOrder is newest first.
var DefaultRecommendationOrder = RecommendationOrder{Field: "PUBLISHED_AT", Direction: "DESC"}

// FacetCount is the number of recommendations with one value of a facet.
type FacetCount struct {
	Key    string
	Label  *string // in English, for exports
	Labels Texts   // in every language the value's names exist in
	Count  int
}

// ReviewCycle is a UPR cycle.
type ReviewCycle struct {
	Number    int
	StartYear int
	EndYear   *int
}

// UprCycles are the UPR's cycles (DOMAIN: 1: 2008–2011, 2: 2012–2016, 3: 2017–2022, 4: 2022–).
var UprCycles = map[int]ReviewCycle{
	1: {1, 2008, ptr(2011)}, 2: {2, 2012, ptr(2016)}, 3: {3, 2017, ptr(2022)}, 4: {4, 2022, nil},
}

func ptr[T any](v T) *T { return &v }

// Sdg is an SDG goal or target.
type Sdg interface {
	Node
	IsSdg()
}

func (*SdgGoal) IsSdg()   {}
func (*SdgTarget) IsSdg() {}

// ScopeKind names the node a set of recommendations hangs from.
type ScopeKind string

// The scopes of recommendation lists. Each maps to a fixed Cypher pattern in the store.
const (
	ScopeAll           ScopeKind = ""
	ScopeReceivedBy    ScopeKind = "receivedBy"
	ScopeMadeBy        ScopeKind = "madeBy"
	ScopeMechanism     ScopeKind = "mechanism"
	ScopeDocument      ScopeKind = "document"
	ScopeTheme         ScopeKind = "theme"
	ScopeAffectedGroup ScopeKind = "affectedGroup"
	ScopeSdgTarget     ScopeKind = "sdgTarget"
)

// RecommendationScope is the parent of a recommendation list: a kind and the parent's key
// (a State code, a theme key…); the zero value is all recommendations.
type RecommendationScope struct {
	Kind ScopeKind
	Key  string
}

// AllTitles is the document's title in every language it has (English when only one).
func (d *Document) AllTitles() Texts { return namesOr(d.Titles, d.Title) }
