package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// Reads of what curation writes: follow-up actions and curated clusters.
//   (a:FollowUpAction)-[:BY_NMIRF]->(:NMIRF), -[:LED_BY]->(:Institution),
//   -[:FOLLOWS_UP]->(:Recommendation) or -[:FOLLOWS_UP_CLUSTER]->(:CuratedCluster);
//   (c:CuratedCluster)-[:BY_NMIRF]->(:NMIRF), -[:GROUPS]->(:Recommendation), -[:ON_THEME]->(:Theme).
// Archived ones (archivedAt set) leave the lists but stay reachable by ID, with their history.

const actionProjection = `x{.key, .title, .description, .status, .dueDate, .indicator, .notes, .version, .archivedAt,
  nmirf: [(x)-[:BY_NMIRF]->(n:NMIRF) | n.key][0], state: [(x)-[:BY_NMIRF]->(:NMIRF)-[:OF_STATE]->(s:State) | s.code][0],
  lead: [(x)-[:LED_BY]->(i:Institution) | i.key][0], rec: [(x)-[:FOLLOWS_UP]->(r:Recommendation) | r.key][0],
  cluster: [(x)-[:FOLLOWS_UP_CLUSTER]->(c:CuratedCluster) | c.key][0]}`

func decodeAction(m map[string]any) *domain.FollowUpAction {
	a := &domain.FollowUpAction{Key: str(m, "key"), Title: str(m, "title"), Description: optStr(m, "description"),
		NMIRFKey: str(m, "nmirf"), StateCode: str(m, "state"), LeadInstitutionKey: optStr(m, "lead"),
		RecommendationKey: optStr(m, "rec"), ClusterKey: optStr(m, "cluster"),
		Status: domain.FollowUpStatus(str(m, "status")), DueDate: optDate(m, "dueDate"), Indicator: optStr(m, "indicator"),
		Editable:      decodeEditable(m),
		ProgressNotes: []*domain.ProgressNote{}}
	for _, raw := range strList(m, "notes") {
		var n domain.ProgressNote
		if json.Unmarshal([]byte(raw), &n) == nil {
			a.ProgressNotes = append(a.ProgressNotes, &n)
		}
	}
	return a
}

func decodeEditable(m map[string]any) domain.Editable {
	return domain.Editable{Version: integer(m, "version"), ArchivedAt: optStr(m, "archivedAt")}
}

// progressNoteJSON is how a progress note is kept in the action's `notes` list.
func progressNoteJSON(n domain.ProgressNote) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// FollowUpActionsByKeys returns actions by key, archived ones included.
func (s *Store) FollowUpActionsByKeys(ctx context.Context, keys []string) (map[string]*domain.FollowUpAction, error) {
	return byKeys(ctx, s, "FollowUpAction", "key", actionProjection, keys, decodeAction, func(a *domain.FollowUpAction) string { return a.Key })
}

func actionsVia(ctx context.Context, s *Store, what, pattern string, keys []string) (map[string][]*domain.FollowUpAction, error) {
	out, err := grouped(ctx, s, `MATCH `+pattern+` WHERE k IN $keys AND x.archivedAt IS NULL
RETURN k, `+actionProjection+` AS x ORDER BY x.dueDate, x.key`, keys, decodeAction)
	if err != nil {
		return nil, fmt.Errorf("follow-up actions of %s: %w", what, err)
	}
	return out, nil
}

// FollowUpActionsOfNMIRFs returns each NMIRF's active actions, by due date.
func (s *Store) FollowUpActionsOfNMIRFs(ctx context.Context, keys []string) (map[string][]*domain.FollowUpAction, error) {
	return actionsVia(ctx, s, "nmirfs", `(x:FollowUpAction)-[:BY_NMIRF]->(n:NMIRF) WITH x, n.key AS k`, keys)
}

// FollowUpActionsOfRecommendations returns the active actions on each recommendation.
func (s *Store) FollowUpActionsOfRecommendations(ctx context.Context, keys []string) (map[string][]*domain.FollowUpAction, error) {
	return actionsVia(ctx, s, "recommendations", `(x:FollowUpAction)-[:FOLLOWS_UP]->(r:Recommendation) WITH x, r.key AS k`, keys)
}

// FollowUpActionsOfClusters returns the active actions on each curated cluster.
func (s *Store) FollowUpActionsOfClusters(ctx context.Context, keys []string) (map[string][]*domain.FollowUpAction, error) {
	return actionsVia(ctx, s, "clusters", `(x:FollowUpAction)-[:FOLLOWS_UP_CLUSTER]->(c:CuratedCluster) WITH x, c.key AS k`, keys)
}

const clusterProjection = `x{.key, .name, .description, .version, .archivedAt,
  nmirf: [(x)-[:BY_NMIRF]->(n:NMIRF) | n.key][0], state: [(x)-[:BY_NMIRF]->(:NMIRF)-[:OF_STATE]->(s:State) | s.code][0]}`

func decodeCuratedCluster(m map[string]any) *domain.CuratedCluster {
	return &domain.CuratedCluster{Key: str(m, "key"), Name: str(m, "name"), Description: optStr(m, "description"),
		NMIRFKey: str(m, "nmirf"), StateCode: str(m, "state"), Editable: decodeEditable(m)}
}

// CuratedClustersByKeys returns curated clusters by key, archived ones included.
func (s *Store) CuratedClustersByKeys(ctx context.Context, keys []string) (map[string]*domain.CuratedCluster, error) {
	return byKeys(ctx, s, "CuratedCluster", "key", clusterProjection, keys, decodeCuratedCluster, func(c *domain.CuratedCluster) string { return c.Key })
}

// CuratedClustersOfNMIRFs returns each NMIRF's active curated clusters, by name.
func (s *Store) CuratedClustersOfNMIRFs(ctx context.Context, keys []string) (map[string][]*domain.CuratedCluster, error) {
	out, err := grouped(ctx, s, `MATCH (x:CuratedCluster)-[:BY_NMIRF]->(n:NMIRF) WHERE n.key IN $keys AND x.archivedAt IS NULL
RETURN n.key AS k, `+clusterProjection+` AS x ORDER BY x.name, x.key`, keys, decodeCuratedCluster)
	if err != nil {
		return nil, fmt.Errorf("curated clusters of nmirfs: %w", err)
	}
	return out, nil
}

// ThemesOfClusters returns each curated cluster's themes.
func (s *Store) ThemesOfClusters(ctx context.Context, keys []string) (map[string][]*domain.Theme, error) {
	return grouped(ctx, s, `MATCH (c:CuratedCluster)-[:ON_THEME]->(x:Theme) WHERE c.key IN $keys
RETURN c.key AS k, `+themeProjection+` AS x ORDER BY x.name_en`, keys, decodeTheme)
}

// RecommendationKeysOfClusters returns each curated cluster's recommendation keys in
// document order.
func (s *Store) RecommendationKeysOfClusters(ctx context.Context, keys []string) (map[string][]string, error) {
	recs, err := s.read(ctx, `MATCH (c:CuratedCluster)-[:GROUPS]->(r:Recommendation) WHERE c.key IN $keys
WITH c, r ORDER BY r.sk_para, r.key RETURN c.key AS k, collect(r.key) AS recs`, map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("recommendations of clusters: %w", err)
	}
	out := map[string][]string{}
	for _, r := range recs {
		for _, k := range listAny(r, "recs") {
			if s, ok := k.(string); ok {
				out[strOf(r, "k")] = append(out[strOf(r, "k")], s)
			}
		}
	}
	return out, nil
}
