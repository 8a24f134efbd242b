package domain

import "io"

// State is a UN member or observer State, keyed by its ISO 3166-1 alpha-3 code.
type State struct {
	Code            string
	Alpha2          string
	Name            string
	UnMember        bool
	UnRegionalGroup *UnRegionalGroup
}

func (s *State) ID() string  { return GlobalID(KindState, s.Code) }
func (s *State) UID() string { return UID(KindState, s.Code) }

// StateFilter restricts a list of States; the zero value matches all.
type StateFilter struct {
	UnRegionalGroups []UnRegionalGroup
	UnMember         *bool
}

// NMIRF is a National Mechanism for Implementation, Reporting and Follow-up.
type NMIRF struct {
	Key         string // stable slug, e.g. "mar-didh"
	Name        string
	Names       Texts // in other languages too (one per language; Name is the primary one)
	Acronym     *string
	NameUnknown bool // no source gives its name: Name only describes it
	Type        *NmirfType
	StateCode   string
	NMIRFDetails
	Editable
}

func (n *NMIRF) ID() string  { return GlobalID(KindNMIRF, n.Key) }
func (n *NMIRF) UID() string { return UID(KindNMIRF, n.Key) }

// Network is the International Network of NMIRFs.
type Network struct {
	Key                   string
	Name                  string
	Names                 Texts // in other languages too (one per language; Name is the primary one)
	FoundingInstrumentKey *string
	ReportedMemberCount   *ReportedCount
}

func (n *Network) ID() string  { return GlobalID(KindNetwork, n.Key) }
func (n *Network) UID() string { return UID(KindNetwork, n.Key) }

// ReportedCount is a number as a source reported it on a date.
type ReportedCount struct {
	Count     int
	AsOf      Date
	SourceKey string
}

// Membership is an NMIRF's membership in the Network.
type Membership struct {
	NMIRF     *NMIRF
	Role      MembershipRole
	Since     *Date
	SourceKey *string
}

// Event is a meeting in the history of NMIRFs.
type Event struct {
	Key           string
	Name          string
	Names         Texts // in other languages too (one per language; Name is the primary one)
	StartDate     *Date
	EndDate       *Date
	DatePrecision *DatePrecision
	Place         *string
	HostStateCode *string
	Summary       *string
}

func (e *Event) ID() string  { return GlobalID(KindEvent, e.Key) }
func (e *Event) UID() string { return UID(KindEvent, e.Key) }

// Instrument is a resolution, declaration or framework.
type Instrument struct {
	Key                string
	Title              string
	Titles             Texts // in other languages too (one per language; Title is the primary one)
	Kind               InstrumentKind
	Symbol             *string
	AdoptedOn          *Date
	AdoptedOnPrecision *DatePrecision
	AdoptedAtEventKey  *string
	Summary            *string
}

func (i *Instrument) ID() string  { return GlobalID(KindInstrument, i.Key) }
func (i *Instrument) UID() string { return UID(KindInstrument, i.Key) }

// Source is a document or data set that facts come from.
type Source struct {
	Key         string
	Title       string
	Publisher   *string
	PublishedOn *Date
	URL         *string
	License     *string
	Texts       Texts // the source's own text, for the few the hub holds (e.g. the concept note)
}

func (s *Source) ID() string  { return GlobalID(KindSource, s.Key) }
func (s *Source) UID() string { return UID(KindSource, s.Key) }

// Capacity is one of the four key capacities of an NMIRF (OHCHR practical guide, HR/PUB/16/1).
type Capacity string

// Capacities lists the valid values.
var Capacities = []Capacity{"ENGAGEMENT", "COORDINATION", "CONSULTATION", "INFORMATION_MANAGEMENT"}

func (e Capacity) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *Capacity) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, Capacities) }

// PracticeStatus says whether a good practice is visible to everyone.
type PracticeStatus string

// PracticeStatuses lists the valid values.
var PracticeStatuses = []PracticeStatus{"DRAFT", "PUBLISHED", "ARCHIVED"}

func (e PracticeStatus) MarshalGQL(w io.Writer)    { marshalEnum(w, string(e)) }
func (e *PracticeStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, e, PracticeStatuses) }

// GoodPractice is an NMIRF practice that a public source describes.
type GoodPractice struct {
	Key       string
	Titles    Texts
	Summaries Texts
	NMIRFKey  *string
	StateCode string
	PracticeDetails
	Status  PracticeStatus
	Version int
}

// PracticeDetails are what a good practice shows, who took part, with what, when and with
// what outcome.
type PracticeDetails struct {
	Capacities   []Capacity
	Stakeholders []string
	Tools        []string
	PeriodStart  *int // years
	PeriodEnd    *int
	Outcome      *string
}

// Title, TitleLanguage and Summary are the GraphQL fields of the same names. As methods
// without a context, gqlgen calls them in line rather than on a goroutine of their own,
// which every practice of a list would otherwise cost.
func (p *GoodPractice) Title(lang *Language) string {
	s, _ := p.Titles.In(lang)
	return s
}

func (p *GoodPractice) TitleLanguage(lang *Language) *Language {
	_, served := p.Titles.In(lang)
	return served
}

func (p *GoodPractice) Summary(lang *Language) string {
	s, _ := p.Summaries.In(lang)
	return s
}

func (p *GoodPractice) ID() string  { return GlobalID(KindGoodPractice, p.Key) }
func (p *GoodPractice) UID() string { return UID(KindGoodPractice, p.Key) }

// GuidanceDimension is a dimension of the Marrakech Guidance Framework.
type GuidanceDimension struct {
	Key         string
	Names       Texts
	Description *string
}

func (d *GuidanceDimension) ID() string  { return GlobalID(KindGuidanceDimension, d.Key) }
func (d *GuidanceDimension) UID() string { return UID(KindGuidanceDimension, d.Key) }

// Institution is a State institution that takes part in an NMIRF.
type Institution struct {
	Key       string
	Name      string
	Names     Texts // in other languages too (one per language; Name is the primary one)
	StateCode string
	Editable
}

func (i *Institution) ID() string  { return GlobalID(KindInstitution, i.Key) }
func (i *Institution) UID() string { return UID(KindInstitution, i.Key) }

// Organization is an international or non-governmental organisation.
type Organization struct {
	Key     string
	Name    string
	Names   Texts // in other languages too (one per language; Name is the primary one)
	Acronym *string
	URL     *string
}

func (o *Organization) ID() string  { return GlobalID(KindOrganization, o.Key) }
func (o *Organization) UID() string { return UID(KindOrganization, o.Key) }

// NMIRFDetails are the descriptive facts of an NMIRF, when a source states them.
type NMIRFDetails struct {
	LegalBasis      *string
	EstablishedYear *int
	Mandate         *string
	TrackingTool    *string
	Website         *string
}

// InstitutionRole is an institution's part in an NMIRF.
type InstitutionRole struct {
	Institution *Institution
	Role        string
}

// GoodPracticeFilter restricts good practices; the zero value matches all published ones.
type GoodPracticeFilter struct {
	StateCodes []string
	Capacities []Capacity
	ThemeKeys  []string
}

// namesOr is a record's names in every language it has, or its one name as English when no
// other language was recorded.
func namesOr(names Texts, primary string) Texts {
	if len(names) > 0 {
		return names
	}
	return Texts{"EN": primary}
}

// NameKnown is false when no source gives the NMIRF's name.
func (n *NMIRF) NameKnown() bool { return !n.NameUnknown }

func (n *NMIRF) AllNames() Texts        { return namesOr(n.Names, n.Name) }
func (n *Network) AllNames() Texts      { return namesOr(n.Names, n.Name) }
func (e *Event) AllNames() Texts        { return namesOr(e.Names, e.Name) }
func (i *Institution) AllNames() Texts  { return namesOr(i.Names, i.Name) }
func (o *Organization) AllNames() Texts { return namesOr(o.Names, o.Name) }
func (i *Instrument) AllTitles() Texts  { return namesOr(i.Titles, i.Title) }
