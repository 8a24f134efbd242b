package domain

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
	Key       string // stable slug, e.g. "mar-didh"
	Name      string
	Acronym   *string
	Type      *NmirfType
	StateCode string
}

func (n *NMIRF) ID() string  { return GlobalID(KindNMIRF, n.Key) }
func (n *NMIRF) UID() string { return UID(KindNMIRF, n.Key) }

// Network is the International Network of NMIRFs.
type Network struct {
	Key                   string
	Name                  string
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
}

func (s *Source) ID() string  { return GlobalID(KindSource, s.Key) }
func (s *Source) UID() string { return UID(KindSource, s.Key) }
