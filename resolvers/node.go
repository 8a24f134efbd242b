package resolvers

import (
	"context"
	"strings"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
)

// loadNode resolves a global ID through the loader of its kind, so nodes(ids:) costs one
// round trip per kind however many IDs it names; with now (a single ID, as for node(id:)),
// without waiting for other loads. An unknown object is null, not an error.
func (r *Resolver) loadNode(ctx context.Context, field, id string, now bool) (domain.Node, error) {
	kind, key, err := domain.ParseGlobalID(field, id)
	if err != nil {
		return nil, err
	}
	l := For(ctx)
	if now {
		if err := directFailure(ctx); err != nil {
			return nil, err
		}
		// A node asked for alone comes with everything selected below it (plan.go).
		if err := compileRoot(ctx, string(kind), key); err != nil {
			return nil, err
		}
	}
	switch kind {
	case domain.KindState:
		return nodeOrNil(optional(fetch(ctx, l.StateByCode, key, now)))
	case domain.KindNMIRF:
		return nodeOrNil(optional(fetch(ctx, l.NMIRFByKey, key, now)))
	case domain.KindNetwork:
		return nodeOrNil(optional(fetch(ctx, l.NetworkByKey, key, now)))
	case domain.KindEvent:
		return nodeOrNil(optional(fetch(ctx, l.EventByKey, key, now)))
	case domain.KindInstrument:
		return nodeOrNil(optional(fetch(ctx, l.InstrumentByKey, key, now)))
	case domain.KindSource:
		return nodeOrNil(optional(fetch(ctx, l.SourceByKey, key, now)))
	case domain.KindMechanism:
		return nodeOrNil(optional(fetch(ctx, l.MechanismByKey, key, now)))
	case domain.KindDocument:
		return nodeOrNil(optional(fetch(ctx, l.DocumentByKey, key, now)))
	case domain.KindRecommendation:
		return nodeOrNil(optional(fetch(ctx, l.RecommendationByKey, key, now)))
	case domain.KindTheme:
		return nodeOrNil(optional(fetch(ctx, l.ThemeByKey, key, now)))
	case domain.KindAffectedGroup:
		return nodeOrNil(optional(fetch(ctx, l.AffectedGroupByKey, key, now)))
	case domain.KindSdgGoal:
		return nodeOrNil(optional(fetch(ctx, l.SdgGoalByCode, key, now)))
	case domain.KindSdgTarget:
		return nodeOrNil(optional(fetch(ctx, l.SdgTargetByCode, key, now)))
	case domain.KindGoodPractice:
		p, err := optional(fetch(ctx, l.PracticeByKey, key, now))
		if p != nil && !canSee(ctx, p) {
			return nil, err
		}
		return nodeOrNil(p, err)
	case domain.KindGuidanceDimension:
		return nodeOrNil(optional(fetch(ctx, l.GuidanceDimensionByKey, key, now)))
	case domain.KindInstitution:
		return nodeOrNil(optional(fetch(ctx, l.InstitutionByKey, key, now)))
	case domain.KindOrganization:
		return nodeOrNil(optional(fetch(ctx, l.OrganizationByKey, key, now)))
	case domain.KindFollowUpAction:
		return nodeOrNil(optional(fetch(ctx, l.FollowUpActionByKey, key, now)))
	case domain.KindCuratedCluster:
		return nodeOrNil(optional(fetch(ctx, l.CuratedClusterByKey, key, now)))
	}
	return nil, apperr.Invalid(field, "%q is not a valid ID", id)
}

// loadNodes resolves many global IDs concurrently, so their loads batch by kind.
func (r *Resolver) loadNodes(ctx context.Context, ids []string) ([]domain.Node, error) {
	if len(ids) > domain.MaxPageSize {
		return nil, apperr.Invalid("ids", "at most %d IDs, got %d", domain.MaxPageSize, len(ids))
	}
	out := make([]domain.Node, len(ids))
	errs := make([]error, len(ids))
	done := make(chan int)
	for i, id := range ids {
		go func() {
			out[i], errs[i] = r.loadNode(ctx, "ids", id, false)
			done <- i
		}()
	}
	for range ids {
		<-done
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nodeOrNil keeps a nil pointer from becoming a non-nil interface holding nil.
func nodeOrNil[T any, P interface {
	*T
	domain.Node
}](v P, err error) (domain.Node, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

// canSee tells whether the caller may read a practice fetched by ID: published ones are
// public; drafts and archived ones are for administrators and the editors who may write them
// (store.visibleNode is the same rule for lists, search and the graph, which leave archived ones out).
func canSee(ctx context.Context, p *domain.GoodPractice) bool {
	return p.Status == "PUBLISHED" || domain.PrincipalFrom(ctx).MayEdit(p.StateCode)
}

// fetch loads one key, at once or through the loader's batch.
func fetch[V any](ctx context.Context, b *batcher[V], key string, now bool) (V, error) {
	if now {
		return b.loadOneNow(ctx, key)
	}
	return b.Load(ctx, key)
}

// idOfUID turns a stored uid ("Kind:key") into the opaque global ID.
func idOfUID(uid string) string {
	kind, key, _ := strings.Cut(uid, ":")
	return domain.GlobalID(domain.Kind(kind), key)
}

// uidOfID validates a global ID and returns its uid.
func uidOfID(field, id string) (string, error) {
	kind, key, err := domain.ParseGlobalID(field, id)
	if err != nil {
		return "", err
	}
	return domain.UID(kind, key), nil
}
