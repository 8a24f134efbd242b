package store

import (
	"context"
	"time"

	"github.com/nmirf-hub/hub/domain"
)

// Typed writes of follow-up actions and curated clusters (see node_write.go). Their inputs
// are validated already (the domain inputs' Validate).

// actionWrite holds the fields an action's create and update share.
func actionWrite(by domain.Principal, title, description, indicator *string, due *domain.Date, status *domain.FollowUpStatus,
	lead *domain.Ref, note *string) Write {
	w := Write{Label: "FollowUpAction", Props: map[string]any{}, Replace: map[string][]Target{}}
	if title != nil {
		w.Props["title"] = *title
	}
	setOptional(w.Props, "description", description)
	setOptional(w.Props, "indicator", indicator)
	if due != nil {
		w.Props["dueDate"] = dateParam(due)
	}
	if status != nil {
		w.Props["status"] = string(*status)
	}
	if lead != nil {
		w.Replace["leadInstitution"] = Keys([]string{lead.Key})
	}
	if note != nil {
		w.Append = map[string]any{"notes": progressNoteJSON(domain.ProgressNote{
			At: time.Now().UTC().Format(time.RFC3339), Author: by.Name, Text: *note})}
	}
	return w
}

// CreateFollowUpAction writes a new follow-up action and returns its key.
func (s *Store) CreateFollowUpAction(ctx context.Context, by domain.Principal, d domain.FollowUpActionDraft) (string, error) {
	w := actionWrite(by, &d.Title, d.Description, d.Indicator, d.DueDate, d.Status, d.LeadInstitution, d.ProgressNote)
	w.Key, w.Action = newKey("action"), "CREATE"
	w.Replace["nmirf"] = Keys([]string{d.NMIRF.Key})
	if d.Recommendation != nil {
		w.Replace["recommendation"] = Keys([]string{d.Recommendation.Key})
	}
	if d.Cluster != nil {
		w.Replace["cluster"] = Keys([]string{d.Cluster.Key})
	}
	return w.Key, s.applyAs(ctx, by, w)
}

// UpdateFollowUpAction changes the action key of version p.Version, and appends its note.
func (s *Store) UpdateFollowUpAction(ctx context.Context, by domain.Principal, key string, p domain.FollowUpActionPatch) error {
	w := actionWrite(by, p.Title, p.Description, p.Indicator, p.DueDate, p.Status, p.LeadInstitution, p.ProgressNote)
	w.Key, w.Version, w.Action = key, p.Version, "UPDATE"
	return s.applyAs(ctx, by, w)
}

// CreateCuratedCluster writes a new curated cluster and returns its key.
func (s *Store) CreateCuratedCluster(ctx context.Context, by domain.Principal, d domain.CuratedClusterDraft) (string, error) {
	key := newKey("cluster")
	props := map[string]any{"name": d.Name}
	setOptional(props, "description", d.Description)
	return key, s.applyAs(ctx, by, Write{Label: "CuratedCluster", Key: key, Action: "CREATE", Props: props,
		Replace: map[string][]Target{"nmirf": Keys([]string{d.NMIRF.Key}), "recommendations": Keys(domain.Keys(d.Recommendations)),
			"themes": Keys(domain.Keys(d.Themes))}})
}

// UpdateCuratedCluster changes the cluster key of version p.Version.
func (s *Store) UpdateCuratedCluster(ctx context.Context, by domain.Principal, key string, p domain.CuratedClusterPatch) error {
	w := Write{Label: "CuratedCluster", Key: key, Version: p.Version, Action: "UPDATE", Props: map[string]any{}, Replace: map[string][]Target{}}
	if p.Name != nil {
		w.Props["name"] = *p.Name
	}
	setOptional(w.Props, "description", p.Description)
	if p.Recommendations != nil {
		w.Replace["recommendations"] = Keys(domain.Keys(*p.Recommendations))
	}
	if p.Themes != nil {
		w.Replace["themes"] = Keys(domain.Keys(*p.Themes))
	}
	return s.applyAs(ctx, by, w)
}
