package resolvers

import (
	"context"
	"errors"
	"net/http"
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
	StateByCode          *dataloadgen.Loader[string, *domain.State]
	NMIRFByKey           *dataloadgen.Loader[string, *domain.NMIRF]
	NetworkByKey         *dataloadgen.Loader[string, *domain.Network]
	EventByKey           *dataloadgen.Loader[string, *domain.Event]
	InstrumentByKey      *dataloadgen.Loader[string, *domain.Instrument]
	SourceByKey          *dataloadgen.Loader[string, *domain.Source]
	NMIRFsByState        *dataloadgen.Loader[string, []*domain.NMIRF]
	MembershipsByNMIRF   *dataloadgen.Loader[string, []*domain.Membership]
	SourcesOf            *dataloadgen.Loader[string, []*domain.Source]
	InstrumentsAdoptedAt *dataloadgen.Loader[string, []*domain.Instrument]

	MechanismByKey      *dataloadgen.Loader[string, *domain.Mechanism]
	DocumentByKey       *dataloadgen.Loader[string, *domain.Document]
	RecommendationByKey *dataloadgen.Loader[string, *domain.Recommendation]
	ThemeByKey          *dataloadgen.Loader[string, *domain.Theme]
	AffectedGroupByKey  *dataloadgen.Loader[string, *domain.AffectedGroup]
	SdgGoalByCode       *dataloadgen.Loader[string, *domain.SdgGoal]
	SdgTargetByCode     *dataloadgen.Loader[string, *domain.SdgTarget]
	StatesAddressed     *dataloadgen.Loader[string, []*domain.State]
	RecommendingStates  *dataloadgen.Loader[string, []*domain.State]
	ThemesOf            *dataloadgen.Loader[string, []*domain.Theme]
	AffectedGroupsOf    *dataloadgen.Loader[string, []*domain.AffectedGroup]
	SdgTargetsOf        *dataloadgen.Loader[string, []*domain.SdgTarget]
	ThemeChildren       *dataloadgen.Loader[string, []*domain.Theme]
	SdgTargetsOfGoal    *dataloadgen.Loader[string, []*domain.SdgTarget]
	RecommendationCount *dataloadgen.Loader[countKey, int]

	PracticeByKey             *dataloadgen.Loader[string, *domain.GoodPractice]
	GuidanceDimensionByKey    *dataloadgen.Loader[string, *domain.GuidanceDimension]
	InstitutionByKey          *dataloadgen.Loader[string, *domain.Institution]
	OrganizationByKey         *dataloadgen.Loader[string, *domain.Organization]
	PracticesOfNMIRF          *dataloadgen.Loader[string, []*domain.GoodPractice]
	PracticesOfState          *dataloadgen.Loader[string, []*domain.GoodPractice]
	PracticesOfTheme          *dataloadgen.Loader[string, []*domain.GoodPractice]
	PracticesOfDimension      *dataloadgen.Loader[string, []*domain.GoodPractice]
	PracticesOfRecommendation *dataloadgen.Loader[string, []*domain.GoodPractice]
	DimensionsOfPractice      *dataloadgen.Loader[string, []*domain.GuidanceDimension]
	ThemesOfPractice          *dataloadgen.Loader[string, []*domain.Theme]
	RecommendationsOfPractice *dataloadgen.Loader[string, []*domain.Recommendation]
	InstitutionsOfNMIRF       *dataloadgen.Loader[string, []*domain.InstitutionRole]
	NMIRFsOfInstitution       *dataloadgen.Loader[string, []*domain.NMIRF]
	PartnersOfEvent           *dataloadgen.Loader[string, []*domain.Organization]
	EventsOfOrganization      *dataloadgen.Loader[string, []*domain.Event]

	FollowUpActionByKey      *dataloadgen.Loader[string, *domain.FollowUpAction]
	CuratedClusterByKey      *dataloadgen.Loader[string, *domain.CuratedCluster]
	ActionsOfNMIRF           *dataloadgen.Loader[string, []*domain.FollowUpAction]
	ActionsOfRecommendation  *dataloadgen.Loader[string, []*domain.FollowUpAction]
	ActionsOfCluster         *dataloadgen.Loader[string, []*domain.FollowUpAction]
	ClustersOfNMIRF          *dataloadgen.Loader[string, []*domain.CuratedCluster]
	ThemesOfCluster          *dataloadgen.Loader[string, []*domain.Theme]
	RecommendationsOfCluster *dataloadgen.Loader[string, []string]
}

// NewLoaders makes a fresh set of loaders; use one set per request so no data is cached
// across requests (or across users, once writes and drafts exist).
func NewLoaders(st *store.Store) *Loaders {
	w := dataloadgen.WithWait(loaderWait)
	return &Loaders{
		StateByCode:          dataloadgen.NewMappedLoader(st.StatesByCodes, w),
		NMIRFByKey:           dataloadgen.NewMappedLoader(st.NMIRFsByKeys, w),
		NetworkByKey:         dataloadgen.NewMappedLoader(st.NetworksByKeys, w),
		EventByKey:           dataloadgen.NewMappedLoader(st.EventsByKeys, w),
		InstrumentByKey:      dataloadgen.NewMappedLoader(st.InstrumentsByKeys, w),
		SourceByKey:          dataloadgen.NewMappedLoader(st.SourcesByKeys, w),
		NMIRFsByState:        listLoader(st.NMIRFsByStates),
		MembershipsByNMIRF:   listLoader(st.MembershipsByNMIRFs),
		SourcesOf:            listLoader(st.SourcesOf),
		InstrumentsAdoptedAt: listLoader(st.InstrumentsAdoptedAt),

		MechanismByKey:      dataloadgen.NewMappedLoader(st.MechanismsByKeys, w),
		DocumentByKey:       dataloadgen.NewMappedLoader(st.DocumentsByKeys, w),
		RecommendationByKey: dataloadgen.NewMappedLoader(st.RecommendationsByKeys, w),
		ThemeByKey:          dataloadgen.NewMappedLoader(st.ThemesByKeys, w),
		AffectedGroupByKey:  dataloadgen.NewMappedLoader(st.AffectedGroupsByKeys, w),
		SdgGoalByCode:       dataloadgen.NewMappedLoader(st.SdgGoalsByCodes, w),
		SdgTargetByCode:     dataloadgen.NewMappedLoader(st.SdgTargetsByCodes, w),
		StatesAddressed:     listLoader(st.StatesAddressed),
		RecommendingStates:  listLoader(st.RecommendingStates),
		ThemesOf:            listLoader(st.ThemesOf),
		AffectedGroupsOf:    listLoader(st.AffectedGroupsOf),
		SdgTargetsOf:        listLoader(st.SdgTargetsOf),
		ThemeChildren:       listLoader(st.ThemeChildren),
		SdgTargetsOfGoal:    listLoader(st.SdgTargetsOfGoals),
		RecommendationCount: newCountLoader(st),

		PracticeByKey:             dataloadgen.NewMappedLoader(st.PracticesByKeys, w),
		GuidanceDimensionByKey:    dataloadgen.NewMappedLoader(st.GuidanceDimensionsByKeys, w),
		InstitutionByKey:          dataloadgen.NewMappedLoader(st.InstitutionsByKeys, w),
		OrganizationByKey:         dataloadgen.NewMappedLoader(st.OrganizationsByKeys, w),
		PracticesOfNMIRF:          listLoader(st.PracticesOfNMIRFs),
		PracticesOfState:          listLoader(st.PracticesOfStates),
		PracticesOfTheme:          listLoader(st.PracticesOfThemes),
		PracticesOfDimension:      listLoader(st.PracticesOfDimensions),
		PracticesOfRecommendation: listLoader(st.PracticesOfRecommendations),
		DimensionsOfPractice:      listLoader(st.DimensionsOfPractices),
		ThemesOfPractice:          listLoader(st.ThemesOfPractices),
		RecommendationsOfPractice: listLoader(st.RecommendationsOfPractices),
		InstitutionsOfNMIRF:       listLoader(st.InstitutionsOfNMIRFs),
		NMIRFsOfInstitution:       listLoader(st.NMIRFsOfInstitutions),
		PartnersOfEvent:           listLoader(st.PartnersOfEvents),
		EventsOfOrganization:      listLoader(st.EventsOfOrganizations),

		FollowUpActionByKey:      dataloadgen.NewMappedLoader(st.FollowUpActionsByKeys, w),
		CuratedClusterByKey:      dataloadgen.NewMappedLoader(st.CuratedClustersByKeys, w),
		ActionsOfNMIRF:           listLoader(st.FollowUpActionsOfNMIRFs),
		ActionsOfRecommendation:  listLoader(st.FollowUpActionsOfRecommendations),
		ActionsOfCluster:         listLoader(st.FollowUpActionsOfClusters),
		ClustersOfNMIRF:          listLoader(st.CuratedClustersOfNMIRFs),
		ThemesOfCluster:          listLoader(st.ThemesOfClusters),
		RecommendationsOfCluster: listLoader(st.RecommendationKeysOfClusters),
	}
}

// listLoader wraps a fetch of lists: a key with no rows has an empty list, not "not found".
func listLoader[V any](fetch func(context.Context, []string) (map[string][]V, error)) *dataloadgen.Loader[string, []V] {
	return dataloadgen.NewLoader(func(ctx context.Context, keys []string) ([][]V, []error) {
		m, err := fetch(ctx, keys)
		out := make([][]V, len(keys))
		if err != nil {
			errs := make([]error, len(keys))
			for i := range errs {
				errs[i] = err
			}
			return out, errs
		}
		for i, k := range keys {
			out[i] = m[k]
		}
		return out, nil
	}, dataloadgen.WithWait(loaderWait))
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
