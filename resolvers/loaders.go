package resolvers

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
)

// loaderWait is how long a loader gathers keys before it queries. gqlgen resolves the items
// of a list concurrently, so a short window is enough to batch a whole page into one query.
const loaderWait = 2 * time.Millisecond

// Loaders batch the lookups of one request: however many items a page has, each kind of
// nested lookup costs one database round trip per level of the query.
type Loaders struct {
	store    *store.Store // for the compiled reads of plan.go
	siblings siblings     // what each batch field returned, for the fields below it

	shapeOnce sync.Once    // shapes is worked out once per request (shape.go)
	shapes    store.Shapes // how compiled reads project items

	compiledPages compiledPages // pages read by compiled reads (pages.go)

	// direct is how the request's direct answer went (direct.go); set before gqlgen's
	// execution starts, read by the resolver of its one root field. A request runs one
	// operation (GET and POST only: no websocket, no batching).
	direct struct {
		answered bool  // the answer was written: a later call of the interceptor gets gqlgen's end of stream
		failed   error // the direct read failed: the root field's resolver returns this error, not reading again
	}

	StateByCode          *batcher[*domain.State]
	NMIRFByKey           *batcher[*domain.NMIRF]
	NetworkByKey         *batcher[*domain.Network]
	EventByKey           *batcher[*domain.Event]
	InstrumentByKey      *batcher[*domain.Instrument]
	SourceByKey          *batcher[*domain.Source]
	NMIRFsByState        *batcher[[]*domain.NMIRF]
	MembershipsByNMIRF   *batcher[[]*domain.Membership]
	SourcesOf            *batcher[[]*domain.Source]
	InstrumentsAdoptedAt *batcher[[]*domain.Instrument]

	MechanismByKey      *batcher[*domain.Mechanism]
	DocumentByKey       *batcher[*domain.Document]
	RecommendationByKey *batcher[*domain.Recommendation]
	ThemeByKey          *batcher[*domain.Theme]
	AffectedGroupByKey  *batcher[*domain.AffectedGroup]
	SdgGoalByCode       *batcher[*domain.SdgGoal]
	SdgTargetByCode     *batcher[*domain.SdgTarget]
	StatesAddressed     *batcher[[]*domain.State]
	RecommendingStates  *batcher[[]*domain.State]
	ThemesOf            *batcher[[]*domain.Theme]
	AffectedGroupsOf    *batcher[[]*domain.AffectedGroup]
	SdgTargetsOf        *batcher[[]*domain.SdgTarget]
	SdgGoalsOf          *batcher[[]*domain.SdgGoal]
	ThemeChildren       *batcher[[]*domain.Theme]
	SdgTargetsOfGoal    *batcher[[]*domain.SdgTarget]
	RecommendationCount *dataloadgen.Loader[countKey, int]

	PracticeByKey             *batcher[*domain.GoodPractice]
	GuidanceDimensionByKey    *batcher[*domain.GuidanceDimension]
	InstitutionByKey          *batcher[*domain.Institution]
	OrganizationByKey         *batcher[*domain.Organization]
	PracticesOfNMIRF          *batcher[[]*domain.GoodPractice]
	PracticesOfState          *batcher[[]*domain.GoodPractice]
	PracticesOfTheme          *batcher[[]*domain.GoodPractice]
	PracticesOfDimension      *batcher[[]*domain.GoodPractice]
	PracticesOfRecommendation *batcher[[]*domain.GoodPractice]
	DimensionsOfPractice      *batcher[[]*domain.GuidanceDimension]
	ThemesOfPractice          *batcher[[]*domain.Theme]
	RecommendationsOfPractice *batcher[[]*domain.Recommendation]
	InstitutionsOfNMIRF       *batcher[[]*domain.InstitutionRole]
	NMIRFsOfInstitution       *batcher[[]*domain.NMIRF]
	PartnersOfEvent           *batcher[[]*domain.Organization]
	OrganizersOfEvent         *batcher[[]*domain.NMIRF]
	SponsorsOfInstrument      *batcher[[]*domain.State]
	LeadersOfOrganization     *batcher[[]*domain.State]
	MissionStateOf            *batcher[[]*domain.State]
	EventsOfOrganization      *batcher[[]*domain.Event]

	FollowUpActionByKey      *batcher[*domain.FollowUpAction]
	CuratedClusterByKey      *batcher[*domain.CuratedCluster]
	ActionsOfNMIRF           *batcher[[]*domain.FollowUpAction]
	ActionsOfRecommendation  *batcher[[]*domain.FollowUpAction]
	ActionsOfCluster         *batcher[[]*domain.FollowUpAction]
	ClustersOfNMIRF          *batcher[[]*domain.CuratedCluster]
	ThemesOfCluster          *batcher[[]*domain.Theme]
	RecommendationsOfCluster *batcher[[]string]
}

// NewLoaders makes a fresh set of loaders; use one set per request so no data is cached
// across requests (or across users, once writes and drafts exist).
func NewLoaders(st *store.Store) *Loaders {
	return &Loaders{
		store:                st,
		StateByCode:          mapped(st.StatesByCodes),
		NMIRFByKey:           mapped(st.NMIRFsByKeys),
		NetworkByKey:         mapped(st.NetworksByKeys),
		EventByKey:           mapped(st.EventsByKeys),
		InstrumentByKey:      mapped(st.InstrumentsByKeys),
		SourceByKey:          mapped(st.SourcesByKeys),
		NMIRFsByState:        lists(st.NMIRFsByStates),
		MembershipsByNMIRF:   lists(st.MembershipsByNMIRFs),
		SourcesOf:            lists(st.SourcesOf),
		InstrumentsAdoptedAt: lists(st.InstrumentsAdoptedAt),

		MechanismByKey:      mapped(st.MechanismsByKeys),
		DocumentByKey:       mapped(st.DocumentsByKeys),
		RecommendationByKey: mapped(st.RecommendationsByKeys),
		ThemeByKey:          mapped(st.ThemesByKeys),
		AffectedGroupByKey:  mapped(st.AffectedGroupsByKeys),
		SdgGoalByCode:       mapped(st.SdgGoalsByCodes),
		SdgTargetByCode:     mapped(st.SdgTargetsByCodes),
		StatesAddressed:     lists(st.StatesAddressed),
		RecommendingStates:  lists(st.RecommendingStates),
		ThemesOf:            lists(st.ThemesOf),
		AffectedGroupsOf:    lists(st.AffectedGroupsOf),
		SdgTargetsOf:        lists(st.SdgTargetsOf),
		SdgGoalsOf:          lists(st.SdgGoalsOf),
		ThemeChildren:       lists(st.ThemeChildren),
		SdgTargetsOfGoal:    lists(st.SdgTargetsOfGoals),
		RecommendationCount: newCountLoader(st),

		PracticeByKey:             mapped(st.PracticesByKeys),
		GuidanceDimensionByKey:    mapped(st.GuidanceDimensionsByKeys),
		InstitutionByKey:          mapped(st.InstitutionsByKeys),
		OrganizationByKey:         mapped(st.OrganizationsByKeys),
		PracticesOfNMIRF:          lists(st.PracticesOfNMIRFs),
		PracticesOfState:          lists(st.PracticesOfStates),
		PracticesOfTheme:          lists(st.PracticesOfThemes),
		PracticesOfDimension:      lists(st.PracticesOfDimensions),
		PracticesOfRecommendation: lists(st.PracticesOfRecommendations),
		DimensionsOfPractice:      lists(st.DimensionsOfPractices),
		ThemesOfPractice:          lists(st.ThemesOfPractices),
		RecommendationsOfPractice: lists(st.RecommendationsOfPractices),
		InstitutionsOfNMIRF:       lists(st.InstitutionsOfNMIRFs),
		NMIRFsOfInstitution:       lists(st.NMIRFsOfInstitutions),
		PartnersOfEvent:           lists(st.PartnersOfEvents),
		OrganizersOfEvent:         lists(st.OrganizersOfEvents),
		SponsorsOfInstrument:      lists(st.SponsorsOfInstruments),
		LeadersOfOrganization:     lists(st.LeadersOfOrganizations),
		MissionStateOf:            lists(st.MissionStatesOfOrganizations),
		EventsOfOrganization:      lists(st.EventsOfOrganizations),

		FollowUpActionByKey:      mapped(st.FollowUpActionsByKeys),
		CuratedClusterByKey:      mapped(st.CuratedClustersByKeys),
		ActionsOfNMIRF:           lists(st.FollowUpActionsOfNMIRFs),
		ActionsOfRecommendation:  lists(st.FollowUpActionsOfRecommendations),
		ActionsOfCluster:         lists(st.FollowUpActionsOfClusters),
		ClustersOfNMIRF:          lists(st.CuratedClustersOfNMIRFs),
		ThemesOfCluster:          lists(st.ThemesOfClusters),
		RecommendationsOfCluster: lists(st.RecommendationKeysOfClusters),
	}
}

type loadersKey struct{}

// Middleware puts a fresh set of loaders into each request's context.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(st))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// For returns the request's loaders.
func For(ctx context.Context) *Loaders {
	return ctx.Value(loadersKey{}).(*Loaders)
}

// optional turns a loader's "not found" into (nil, nil) for fields that may be null.
func optional[T any](v *T, err error) (*T, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}
