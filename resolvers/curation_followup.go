package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// Curation of follow-up actions and curated clusters of recommendations.

// ---- Follow-up actions ----

func (r *Resolver) actionPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.FollowUpActionPayload, error) {
	return payload(ctx, key, errs, err, r.Store.FollowUpActionsByKeys, func(n *domain.FollowUpAction, e []*apperr.Error) *model.FollowUpActionPayload {
		return &model.FollowUpActionPayload{FollowUpAction: n, Errors: e}
	})
}

// leadInstitution checks that the institution exists, is active and is of the State.
func (c *checker) leadInstitution(ctx context.Context, id, code string) string {
	kind, key, err := domain.ParseGlobalID("input.leadInstitutionId", id)
	if err != nil || kind != domain.KindInstitution {
		c.fail("input.leadInstitutionId", "%q is not the ID of an institution", id)
		return ""
	}
	inst, err := optional(For(ctx).InstitutionByKey.Load(ctx, key))
	switch {
	case err != nil:
		c.errs = append(c.errs, internal(err))
	case inst == nil:
		c.fail("input.leadInstitutionId", "no such institution")
	case inst.ArchivedAt != nil:
		c.fail("input.leadInstitutionId", "the institution is archived")
	case inst.StateCode != code:
		c.fail("input.leadInstitutionId", "the institution is %s's, not %s's", inst.StateCode, code)
	}
	return key
}

func (c *checker) note(ctx context.Context, w *store.Write, v *string) {
	if v == nil {
		return
	}
	c.text("input.progressNote", *v, 5000)
	w.Append = map[string]any{"notes": store.ProgressNoteJSON(domain.ProgressNote{
		At: time.Now().UTC().Format(time.RFC3339), Author: domain.PrincipalFrom(ctx).Name, Text: strings.TrimSpace(*v)})}
}

func (r *Resolver) createFollowUpAction(ctx context.Context, in model.CreateFollowUpActionInput) (*model.FollowUpActionPayload, error) {
	if err := authenticated(ctx); err != nil {
		return nil, err
	}
	c := &checker{}
	n := c.nmirf(ctx, "input.nmirfId", in.NmirfID)
	if n == nil {
		return r.actionPayload(ctx, "", c.errs, nil)
	}
	if err := authorize(ctx, n.StateCode); err != nil {
		return nil, err
	}
	props := map[string]any{"status": "IN_PREPARATION", "dueDate": store.DateValue(in.DueDate)}
	if in.Status != nil {
		props["status"] = string(*in.Status)
	}
	c.reqText(props, "title", "input.title", &in.Title, 300)
	c.optText(props, "description", "input.description", in.Description, 5000)
	c.optText(props, "indicator", "input.indicator", in.Indicator, 1000)
	c.date("input.dueDate", in.DueDate)
	w := store.Write{Label: "FollowUpAction", Key: "action-" + uuid.NewString(), Action: "CREATE", Props: props,
		Replace: map[string][]store.Target{"nmirf": store.Keys([]string{n.Key})}}
	switch {
	case (in.RecommendationID == nil) == (in.ClusterID == nil):
		c.fail("input.recommendationId", "name exactly one of recommendationId and clusterId")
	case in.RecommendationID != nil:
		keys := c.ids(ctx, "input.recommendationId", domain.KindRecommendation, []string{*in.RecommendationID}, r.Store.CountNodes("Recommendation"))
		if len(c.errs) == 0 {
			c.addressedTo(ctx, "input.recommendationId", keys, n.StateCode)
			w.Replace["recommendation"] = store.Keys(keys)
		}
	default:
		if key := c.cluster(ctx, *in.ClusterID, n.Key); key != "" {
			w.Replace["cluster"] = store.Keys([]string{key})
		}
	}
	if in.LeadInstitutionID != nil {
		w.Replace["leadInstitution"] = store.Keys([]string{c.leadInstitution(ctx, *in.LeadInstitutionID, n.StateCode)})
	}
	c.note(ctx, &w, in.ProgressNote)
	if len(c.errs) > 0 {
		return r.actionPayload(ctx, "", c.errs, nil)
	}
	userErr, err := r.apply(ctx, w)
	return r.actionPayload(ctx, w.Key, []*apperr.Error{userErr}, err)
}

// cluster checks that a curated cluster exists, is active and is the NMIRF's.
func (c *checker) cluster(ctx context.Context, id, nmirfKey string) string {
	kind, key, err := domain.ParseGlobalID("input.clusterId", id)
	if err != nil || kind != domain.KindCuratedCluster {
		c.fail("input.clusterId", "%q is not the ID of a curated cluster", id)
		return ""
	}
	cl, err := optional(For(ctx).CuratedClusterByKey.Load(ctx, key))
	switch {
	case err != nil:
		c.errs = append(c.errs, internal(err))
	case cl == nil:
		c.fail("input.clusterId", "no such curated cluster")
	case cl.ArchivedAt != nil:
		c.fail("input.clusterId", "the cluster is archived")
	case cl.NMIRFKey != nmirfKey:
		c.fail("input.clusterId", "the cluster is another NMIRF's")
	default:
		return key
	}
	return ""
}

func (r *Resolver) updateFollowUpAction(ctx context.Context, in model.UpdateFollowUpActionInput) (*model.FollowUpActionPayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindFollowUpAction)
	if err != nil || userErr != nil {
		return r.actionPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	props := map[string]any{}
	c.reqText(props, "title", "input.title", in.Title, 300)
	c.optText(props, "description", "input.description", in.Description, 5000)
	c.optText(props, "indicator", "input.indicator", in.Indicator, 1000)
	c.date("input.dueDate", in.DueDate)
	if in.DueDate != nil {
		props["dueDate"] = store.DateValue(in.DueDate)
	}
	if in.Status != nil {
		props["status"] = string(*in.Status)
	}
	w := store.Write{Label: "FollowUpAction", Key: e.key, Version: in.Version, Action: "UPDATE", Props: props, Replace: map[string][]store.Target{}}
	if in.LeadInstitutionID != nil {
		w.Replace["leadInstitution"] = store.Keys([]string{c.leadInstitution(ctx, *in.LeadInstitutionID, e.owner.StateCode)})
	}
	c.note(ctx, &w, in.ProgressNote)
	if len(c.errs) > 0 {
		return r.actionPayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w)
	return r.actionPayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveFollowUpAction(ctx context.Context, in model.ArchiveInput) (*model.FollowUpActionPayload, error) {
	key, errs, err := r.archive(ctx, domain.KindFollowUpAction, in)
	return r.actionPayload(ctx, key, errs, err)
}

// ---- Curated clusters ----

func (r *Resolver) clusterPayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.CuratedClusterPayload, error) {
	return payload(ctx, key, errs, err, r.Store.CuratedClustersByKeys, func(n *domain.CuratedCluster, e []*apperr.Error) *model.CuratedClusterPayload {
		return &model.CuratedClusterPayload{CuratedCluster: n, Errors: e}
	})
}

// clusterRecommendations checks a cluster's recommendations: 1 to 500, all addressed to code.
func (r *Resolver) clusterRecs(ctx context.Context, c *checker, ids []string, code string) []string {
	if len(ids) == 0 || len(ids) > 500 {
		c.fail("input.recommendationIds", "name 1 to 500 recommendations")
		return nil
	}
	before := len(c.errs)
	keys := c.ids(ctx, "input.recommendationIds", domain.KindRecommendation, ids, r.Store.CountNodes("Recommendation"))
	if len(c.errs) == before {
		c.addressedTo(ctx, "input.recommendationIds", keys, code)
	}
	return keys
}

func (r *Resolver) createCuratedCluster(ctx context.Context, in model.CreateCuratedClusterInput) (*model.CuratedClusterPayload, error) {
	if err := authenticated(ctx); err != nil {
		return nil, err
	}
	c := &checker{}
	n := c.nmirf(ctx, "input.nmirfId", in.NmirfID)
	if n == nil {
		return r.clusterPayload(ctx, "", c.errs, nil)
	}
	if err := authorize(ctx, n.StateCode); err != nil {
		return nil, err
	}
	props := map[string]any{}
	c.reqText(props, "name", "input.name", &in.Name, 200)
	c.optText(props, "description", "input.description", in.Description, 2000)
	recs := r.clusterRecs(ctx, c, in.RecommendationIds, n.StateCode)
	themes := c.ids(ctx, "input.themeIds", domain.KindTheme, in.ThemeIds, r.Store.CountNodes("Theme"))
	if len(c.errs) > 0 {
		return r.clusterPayload(ctx, "", c.errs, nil)
	}
	key := "cluster-" + uuid.NewString()
	userErr, err := r.apply(ctx, store.Write{Label: "CuratedCluster", Key: key, Action: "CREATE", Props: props,
		Replace: map[string][]store.Target{"nmirf": store.Keys([]string{n.Key}), "recommendations": store.Keys(recs), "themes": store.Keys(themes)}})
	return r.clusterPayload(ctx, key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) updateCuratedCluster(ctx context.Context, in model.UpdateCuratedClusterInput) (*model.CuratedClusterPayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindCuratedCluster)
	if err != nil || userErr != nil {
		return r.clusterPayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	props := map[string]any{}
	c.reqText(props, "name", "input.name", in.Name, 200)
	c.optText(props, "description", "input.description", in.Description, 2000)
	w := store.Write{Label: "CuratedCluster", Key: e.key, Version: in.Version, Action: "UPDATE", Props: props, Replace: map[string][]store.Target{}}
	if in.RecommendationIds != nil {
		w.Replace["recommendations"] = store.Keys(r.clusterRecs(ctx, c, in.RecommendationIds, e.owner.StateCode))
	}
	if in.ThemeIds != nil {
		w.Replace["themes"] = store.Keys(c.ids(ctx, "input.themeIds", domain.KindTheme, in.ThemeIds, r.Store.CountNodes("Theme")))
	}
	if len(c.errs) > 0 {
		return r.clusterPayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w)
	return r.clusterPayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveCuratedCluster(ctx context.Context, in model.ArchiveInput) (*model.CuratedClusterPayload, error) {
	key, errs, err := r.archive(ctx, domain.KindCuratedCluster, in)
	return r.clusterPayload(ctx, key, errs, err)
}

// ---- Reads of curated clusters ----

func (r *Resolver) curatedClusterSizes(ctx context.Context, objs []*domain.CuratedCluster) ([]int, error) {
	lists, err := loadLists(ctx, For(ctx).RecommendationsOfCluster, objs, func(x *domain.CuratedCluster) string { return x.Key })
	out := make([]int, len(lists))
	for i, l := range lists {
		out[i] = len(l)
	}
	return out, err
}

func (r *Resolver) curatedClusterRecommendations(ctx context.Context, c *domain.CuratedCluster, first *int) ([]*domain.Recommendation, error) {
	n, err := intIn("first", first, 20, 1, 100)
	if err != nil {
		return nil, err
	}
	keys, err := For(ctx).RecommendationsOfCluster.Load(ctx, c.Key)
	if err != nil {
		return nil, err
	}
	return For(ctx).RecommendationByKey.LoadAll(ctx, keys[:min(n, len(keys))])
}

func (r *Resolver) clusterCurated(ctx context.Context, c *store.Cluster) (*domain.CuratedCluster, error) {
	if c.CuratedKey == "" {
		return nil, nil
	}
	return optional(For(ctx).CuratedClusterByKey.Load(ctx, c.CuratedKey))
}

func clusterMethod(c *store.Cluster) string {
	if c.CuratedKey != "" {
		return "curated"
	}
	return "computed"
}
