package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// The curation tests write for Iceland (ISL), which the counting tests leave alone, on
// recommendations of their own (islRecommendations), since all tests share one database.

// mutate sends a mutation with $in and returns its decoded data; a top-level error fails
// the test.
func mutate(t *testing.T, c *client.Client, doc string, in map[string]any, opts ...client.Option) map[string]any {
	t.Helper()
	return answer(t, c, doc, append([]client.Option{client.Var("in", in)}, opts...)...)
}

// dig follows a dotted path ("a.b.0.c") through decoded JSON.
func dig(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func num(v any) int { f, _ := v.(float64); return int(f) }

// errorFields lists "CODE field" for each user error in a payload.
func errorFields(payload any) []string {
	var out []string
	l, _ := dig(payload, "errors").([]any)
	for _, e := range l {
		out = append(out, fmt.Sprint(dig(e, "code"), " ", dig(e, "field")))
	}
	return out
}

// islRecommendations writes two Iceland recommendations for the curation tests (idempotent
// for one tag).
func islRecommendations(t *testing.T, st *store.Store, tag string) []string {
	t.Helper()
	year := 2024
	mech := &domain.Mechanism{Key: "upr", Code: "UPR", Kind: "UPR"}
	var recs []store.RecommendationRecord
	var ids []string
	for i, text := range []string{"Adopt a national action plan on education for girls", "Strengthen the follow-up of recommendations on education"} {
		para := fmt.Sprintf("curation-test-%s.%d", tag, i+1)
		key := domain.RecommendationKey("", "", para, "ISL", text)
		recs = append(recs, store.RecommendationRecord{Key: key, Texts: domain.Texts{"EN": text}, Paragraph: &para,
			Type: "RECOMMENDATION", Year: &year, Mechanism: mech, StateCodes: []string{"ISL"},
			ThemeKeys: []string{"right-to-education"}, SourceKeys: []string{"ohchr-uhri-labels"}})
		ids = append(ids, domain.GlobalID(domain.KindRecommendation, key))
	}
	if _, err := st.UpsertRecommendations(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return ids
}

const (
	nmirfFields = `nmirf { id name acronym type legalBasis establishedYear mandate trackingTool website version archivedAt
	  state { code } sources { id } institutions { role institution { id name } } networkMemberships { role since }
	  followUpActions { id } curatedClusters { id } history(first: 10) { totalCount nodes { action actor at before after } } }
	  errors { code field message }`
	createNmirf  = `mutation($in: CreateNmirfInput!) { createNmirf(input: $in) { ` + nmirfFields + ` } }`
	updateNmirf  = `mutation($in: UpdateNmirfInput!) { updateNmirf(input: $in) { ` + nmirfFields + ` } }`
	archiveNmirf = `mutation($in: ArchiveInput!) { archiveNmirf(input: $in) { ` + nmirfFields + ` } }`

	institutionFields = `institution { id name version archivedAt state { code } nmirfs { id }
	  history(first: 10) { totalCount nodes { action after } } } errors { code field message }`
	createInstitution  = `mutation($in: CreateInstitutionInput!) { createInstitution(input: $in) { ` + institutionFields + ` } }`
	updateInstitution  = `mutation($in: UpdateInstitutionInput!) { updateInstitution(input: $in) { ` + institutionFields + ` } }`
	archiveInstitution = `mutation($in: ArchiveInput!) { archiveInstitution(input: $in) { ` + institutionFields + ` } }`

	createMembership  = `mutation($in: CreateNetworkMembershipInput!) { createNetworkMembership(input: $in) { ` + nmirfFields + ` } }`
	updateMembership  = `mutation($in: UpdateNetworkMembershipInput!) { updateNetworkMembership(input: $in) { ` + nmirfFields + ` } }`
	archiveMembership = `mutation($in: ArchiveNetworkMembershipInput!) { archiveNetworkMembership(input: $in) { ` + nmirfFields + ` } }`

	actionFields = `followUpAction { id title description status dueDate indicator version archivedAt
	  nmirf { id } state { code } leadInstitution { id } recommendation { id followUpActions { id } } cluster { id followUpActions { id } }
	  progressNotes { at author text } history(first: 10) { totalCount nodes { action } } } errors { code field message }`
	createAction  = `mutation($in: CreateFollowUpActionInput!) { createFollowUpAction(input: $in) { ` + actionFields + ` } }`
	updateAction  = `mutation($in: UpdateFollowUpActionInput!) { updateFollowUpAction(input: $in) { ` + actionFields + ` } }`
	archiveAction = `mutation($in: ArchiveInput!) { archiveFollowUpAction(input: $in) { ` + actionFields + ` } }`

	clusterFields = `curatedCluster { id name description version archivedAt size nmirf { id } state { code } themes { id }
	  recommendations(first: 10) { id } followUpActions { id } history(first: 10) { totalCount nodes { action } } }
	  errors { code field message }`
	createCluster  = `mutation($in: CreateCuratedClusterInput!) { createCuratedCluster(input: $in) { ` + clusterFields + ` } }`
	updateCluster  = `mutation($in: UpdateCuratedClusterInput!) { updateCuratedCluster(input: $in) { ` + clusterFields + ` } }`
	archiveCluster = `mutation($in: ArchiveInput!) { archiveCuratedCluster(input: $in) { ` + clusterFields + ` } }`

	linkNodes   = `mutation($in: LinkInput!) { linkNodes(input: $in) { from { id ... on GoodPractice { version themes { id } } } to { id } errors { code field message } } }`
	unlinkNodes = `mutation($in: LinkInput!) { unlinkNodes(input: $in) { from { id ... on GoodPractice { version themes { id } } } to { id } errors { code field message } } }`
	deleteNode  = `mutation($in: DeleteNodeInput!) { deleteNode(input: $in) { deletedId errors { code field message } } }`
)

// curationFixture is an Iceland NMIRF with an institution, a curated cluster and an action.
type curationFixture struct {
	nmirf, institution, cluster, action, practice string
	recs                                          []string
}

func newCurationFixture(t *testing.T, st *store.Store, c *client.Client, editor client.Option) curationFixture {
	t.Helper()
	f := curationFixture{recs: islRecommendations(t, st, "fixture")}
	m := mutate(t, c, createNmirf, map[string]any{"name": "Fixture NMIRF of Iceland", "stateCode": "ISL"}, editor)
	f.nmirf, _ = dig(m, "createNmirf.nmirf.id").(string)
	m = mutate(t, c, createInstitution, map[string]any{"name": "Fixture ministry", "stateCode": "ISL",
		"parts": []any{map[string]any{"nmirfId": f.nmirf, "role": "member"}}}, editor)
	f.institution, _ = dig(m, "createInstitution.institution.id").(string)
	m = mutate(t, c, createCluster, map[string]any{"name": "Fixture cluster", "nmirfId": f.nmirf, "recommendationIds": f.recs[:1]}, editor)
	f.cluster, _ = dig(m, "createCuratedCluster.curatedCluster.id").(string)
	m = mutate(t, c, createAction, map[string]any{"title": "Fixture action", "nmirfId": f.nmirf, "clusterId": f.cluster}, editor)
	f.action, _ = dig(m, "createFollowUpAction.followUpAction.id").(string)
	m = mutate(t, c, createPRY, map[string]any{"title": "Fixture practice", "summary": "s", "stateCode": "ISL", "capacities": []string{"COORDINATION"}}, editor)
	f.practice, _ = dig(m, "createGoodPractice.goodPractice.id").(string)
	if f.nmirf == "" || f.institution == "" || f.cluster == "" || f.action == "" || f.practice == "" {
		t.Fatalf("fixture incomplete: %+v", f)
	}
	return f
}

func TestNmirfLifecycle(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	source := domain.GlobalID(domain.KindSource, "ohchr-uhri-labels")
	m := mutate(t, c, createNmirf, map[string]any{"name": "  Inter-ministerial Committee of Iceland ", "stateCode": "isl", "acronym": "IMC",
		"type": "INTERMINISTERIAL", "establishedYear": 2019, "website": "https://example.is/imc", "sourceIds": []string{source}}, editor)
	n := dig(m, "createNmirf.nmirf")
	if dig(n, "name") != "Inter-ministerial Committee of Iceland" || num(dig(n, "version")) != 1 || dig(n, "state.code") != "ISL" ||
		dig(n, "sources.0.id") != source || num(dig(n, "history.totalCount")) != 1 || dig(n, "history.nodes.0.action") != "CREATE" {
		t.Fatalf("created %v", m)
	}
	id := dig(n, "id").(string)
	m = mutate(t, c, updateNmirf, map[string]any{"id": id, "version": 1, "mandate": "Coordinates reporting.", "acronym": ""}, editor)
	n = dig(m, "updateNmirf.nmirf")
	if num(dig(n, "version")) != 2 || dig(n, "acronym") != nil || dig(n, "mandate") != "Coordinates reporting." ||
		!strings.Contains(dig(n, "history.nodes.0.before").(string), `"acronym":"IMC"`) {
		t.Fatalf("updated %v", m)
	}
	m = mutate(t, c, updateNmirf, map[string]any{"id": id, "version": 1, "name": "Stale"}, editor)
	if got := errorFields(dig(m, "updateNmirf")); len(got) != 1 || got[0] != "CONFLICT input.version" {
		t.Errorf("stale update: %v", m)
	}
	racing(t, func(i int) string {
		data, _ := post(t, c, updateNmirf, client.Var("in", map[string]any{"id": id, "version": 2, "mandate": fmt.Sprint("mandate ", i)}), editor)
		return data
	})
	m = mutate(t, c, archiveNmirf, map[string]any{"id": id, "version": 3}, editor)
	if dig(m, "archiveNmirf.nmirf.archivedAt") == nil || num(dig(m, "archiveNmirf.nmirf.history.totalCount")) != 4 {
		t.Errorf("archive: %v", m)
	}
	if data, _ := post(t, c, `{ state(code: "ISL") { nmirfs { id } } }`); strings.Contains(data, id) {
		t.Errorf("an archived NMIRF is still listed: %s", data)
	}
	m = mutate(t, c, archiveNmirf, map[string]any{"id": id, "version": 4}, editor)
	if got := errorFields(dig(m, "archiveNmirf")); len(got) != 1 || got[0] != "BAD_USER_INPUT input.id" {
		t.Errorf("archiving twice: %v", m)
	}
}

// racing runs two writes of the same version at once: exactly one may win.
func racing(t *testing.T, write func(i int) string) {
	t.Helper()
	var wg sync.WaitGroup
	results := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = write(i)
		}()
	}
	wg.Wait()
	conflicts := 0
	for _, r := range results {
		if strings.Contains(r, `"code":"CONFLICT"`) {
			conflicts++
		}
	}
	if conflicts != 1 {
		t.Errorf("race on one version: want exactly one CONFLICT, got %v", results)
	}
}

func TestCurationValidation(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	admin := token(t, st, domain.RoleAdmin, "")
	f := newCurationFixture(t, st, c, editor)
	marNMIRF := domain.GlobalID(domain.KindNMIRF, "mar-didh")
	criRec := domain.GlobalID(domain.KindRecommendation, "a-hrc-wg6-cri-2024-upr4-p119.5")
	before, _ := post(t, c, `{ state(code: "ISL") { nmirfs { id } } }`)
	for _, tc := range []struct {
		name, doc, mutation string
		in                  map[string]any
		want                []string
	}{
		{"nmirf: empty name, bad site, bad year", createNmirf, "createNmirf", map[string]any{"name": " ", "stateCode": "ISL", "website": "ftp://x", "establishedYear": 3000},
			[]string{"BAD_USER_INPUT input.name", "BAD_USER_INPUT input.website", "BAD_USER_INPUT input.establishedYear"}},
		{"nmirf: unknown id", updateNmirf, "updateNmirf", map[string]any{"id": domain.GlobalID(domain.KindNMIRF, "nope"), "version": 1}, []string{"NOT_FOUND input.id"}},
		{"nmirf: not an NMIRF id", updateNmirf, "updateNmirf", map[string]any{"id": f.cluster, "version": 1}, []string{"BAD_USER_INPUT input.id"}},
		{"institution: another State's NMIRF, empty role", createInstitution, "createInstitution", map[string]any{"name": "i", "stateCode": "ISL",
			"parts": []any{map[string]any{"nmirfId": marNMIRF, "role": " "}}}, []string{"BAD_USER_INPUT input.parts[0].role", "BAD_USER_INPUT input.parts[0].nmirfId"}},
		{"action: neither recommendation nor cluster", createAction, "createFollowUpAction", map[string]any{"title": "t", "nmirfId": f.nmirf},
			[]string{"BAD_USER_INPUT input.recommendationId"}},
		{"action: recommendation to another State", createAction, "createFollowUpAction", map[string]any{"title": "t", "nmirfId": f.nmirf, "recommendationId": criRec},
			[]string{"BAD_USER_INPUT input.recommendationId"}},
		{"action: bad lead, empty note, old date", createAction, "createFollowUpAction", map[string]any{"title": "t", "nmirfId": f.nmirf, "clusterId": f.cluster,
			"leadInstitutionId": f.nmirf, "progressNote": "", "dueDate": "1900-01-01"},
			[]string{"BAD_USER_INPUT input.dueDate", "BAD_USER_INPUT input.leadInstitutionId", "BAD_USER_INPUT input.progressNote"}},
		{"cluster: no recommendations", createCluster, "createCuratedCluster", map[string]any{"name": "c", "nmirfId": f.nmirf, "recommendationIds": []string{}},
			[]string{"BAD_USER_INPUT input.recommendationIds"}},
		{"cluster: another State's recommendation", createCluster, "createCuratedCluster", map[string]any{"name": "c", "nmirfId": f.nmirf, "recommendationIds": []string{criRec}},
			[]string{"BAD_USER_INPUT input.recommendationIds"}},
		{"nmirf update: bad site, empty name", updateNmirf, "updateNmirf", map[string]any{"id": f.nmirf, "version": 1, "name": "", "website": "example.is"},
			[]string{"BAD_USER_INPUT input.name", "BAD_USER_INPUT input.website"}},
		{"institution update: empty name", updateInstitution, "updateInstitution", map[string]any{"id": f.institution, "version": 1, "name": " "},
			[]string{"BAD_USER_INPUT input.name"}},
		{"action update: empty title, long indicator", updateAction, "updateFollowUpAction", map[string]any{"id": f.action, "version": 1, "title": "",
			"indicator": strings.Repeat("x", 1001)}, []string{"BAD_USER_INPUT input.title", "BAD_USER_INPUT input.indicator"}},
		{"cluster update: no recommendations", updateCluster, "updateCuratedCluster", map[string]any{"id": f.cluster, "version": 1, "recommendationIds": []string{}},
			[]string{"BAD_USER_INPUT input.recommendationIds"}},
		{"archive: unknown id", archiveCluster, "archiveCuratedCluster", map[string]any{"id": domain.GlobalID(domain.KindCuratedCluster, "nope"), "version": 1},
			[]string{"NOT_FOUND input.id"}},
		{"link: not an ID", linkNodes, "linkNodes", map[string]any{"fromId": "x", "toId": f.recs[0]}, []string{"BAD_USER_INPUT input.fromId"}},
		{"link: pair not linkable", linkNodes, "linkNodes", map[string]any{"fromId": f.practice, "toId": f.nmirf}, []string{"BAD_USER_INPUT input.toId"}},
		{"link: unknown target", linkNodes, "linkNodes", map[string]any{"fromId": f.practice, "toId": domain.GlobalID(domain.KindTheme, "nope")}, []string{"NOT_FOUND input.toId"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mutate(t, c, tc.doc, tc.in, editor)
			got := errorFields(dig(m, tc.mutation))
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("errors %v, want %v (%v)", got, tc.want, m)
			}
			for k, v := range dig(m, tc.mutation).(map[string]any) {
				if k != "errors" && v != nil {
					t.Errorf("%s = %v; nothing may be written", k, v)
				}
			}
		})
	}
	m := mutate(t, c, createMembership, map[string]any{"nmirfId": f.nmirf, "since": "1800-01-01"}, admin)
	if got := errorFields(dig(m, "createNetworkMembership")); len(got) != 1 || got[0] != "BAD_USER_INPUT input.since" || dig(m, "createNetworkMembership.nmirf") != nil {
		t.Errorf("membership since 1800: %v", m)
	}
	// An editor of one State cannot even try another; an administrator learns the State is unknown.
	m = mutate(t, c, createNmirf, map[string]any{"name": "n", "stateCode": "ATL"}, admin)
	if got := errorFields(dig(m, "createNmirf")); len(got) != 1 || got[0] != "BAD_USER_INPUT input.stateCode" {
		t.Errorf("unknown State: %v", m)
	}
	if after, _ := post(t, c, `{ state(code: "ISL") { nmirfs { id } } }`); after != before {
		t.Errorf("NMIRFs of ISL changed by failed mutations: %s → %s", before, after)
	}
}

func TestInstitutionsAndMemberships(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	admin := token(t, st, domain.RoleAdmin, "")
	f := newCurationFixture(t, st, c, editor)

	m := mutate(t, c, createInstitution, map[string]any{"name": "Ministry of Education of Iceland", "stateCode": "ISL",
		"parts": []any{map[string]any{"nmirfId": f.nmirf, "role": "coordinator"}}}, editor)
	inst := dig(m, "createInstitution.institution")
	if dig(inst, "nmirfs.0.id") != f.nmirf || num(dig(inst, "version")) != 1 || !strings.Contains(fmt.Sprint(dig(inst, "history.nodes.0.after")), `"role":"COORDINATOR"`) {
		t.Fatalf("institution %v", m)
	}
	id := dig(inst, "id").(string)
	m = mutate(t, c, updateInstitution, map[string]any{"id": id, "version": 1, "name": "Ministry of Education and Children", "parts": []any{}}, editor)
	if dig(m, "updateInstitution.institution.nmirfs.0") != nil || num(dig(m, "updateInstitution.institution.history.totalCount")) != 2 {
		t.Errorf("update institution %v", m)
	}
	m = mutate(t, c, archiveInstitution, map[string]any{"id": id, "version": 2}, editor)
	if dig(m, "archiveInstitution.institution.archivedAt") == nil {
		t.Errorf("archive institution %v", m)
	}

	// Memberships are the network's to record: administrators only.
	m = mutate(t, c, createMembership, map[string]any{"nmirfId": f.nmirf, "since": "2025-02-25"}, admin)
	n := dig(m, "createNetworkMembership.nmirf")
	if dig(n, "networkMemberships.0.role") != "MEMBER" || dig(n, "networkMemberships.0.since") != "2025-02-25" || dig(n, "history.nodes.0.action") != "MEMBERSHIP_CREATE" {
		t.Fatalf("membership %v", m)
	}
	m = mutate(t, c, createMembership, map[string]any{"nmirfId": f.nmirf}, admin)
	if got := errorFields(dig(m, "createNetworkMembership")); len(got) != 1 || got[0] != "BAD_USER_INPUT input.nmirfId" {
		t.Errorf("second membership: %v", m)
	}
	v := num(dig(n, "version"))
	m = mutate(t, c, updateMembership, map[string]any{"nmirfId": f.nmirf, "version": v, "role": "EXECUTIVE_COMMITTEE"}, admin)
	if dig(m, "updateNetworkMembership.nmirf.networkMemberships.0.role") != "EXECUTIVE_COMMITTEE" {
		t.Errorf("membership update %v", m)
	}
	m = mutate(t, c, archiveMembership, map[string]any{"nmirfId": f.nmirf, "version": v + 1, "endedOn": "2026-01-31"}, admin)
	n = dig(m, "archiveNetworkMembership.nmirf")
	if dig(n, "networkMemberships.0") != nil || dig(n, "history.nodes.0.action") != "MEMBERSHIP_ARCHIVE" ||
		!strings.Contains(fmt.Sprint(dig(n, "history.nodes.0.after")), `"formerNetworks":[{"key":"`+store.NetworkKey+`","link":{"endedOn":"2026-01-31"`) {
		t.Errorf("membership archive %v", m)
	}
}

func TestFollowUpActionsAndCuratedClusters(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	f := newCurationFixture(t, st, c, editor)
	theme := domain.GlobalID(domain.KindTheme, "right-to-education")

	// A curated cluster overrides the computed clustering for its recommendations (new ones,
	// so that no cluster left by an earlier run on the same database competes for them).
	recs := islRecommendations(t, st, fmt.Sprint(time.Now().UnixNano()))
	m := mutate(t, c, createCluster, map[string]any{"name": "Girls' education", "description": "One plan for both.", "nmirfId": f.nmirf,
		"recommendationIds": recs, "themeIds": []string{theme}}, editor)
	cl := dig(m, "createCuratedCluster.curatedCluster")
	if num(dig(cl, "size")) != 2 || dig(cl, "themes.0.id") != theme || dig(cl, "state.code") != "ISL" {
		t.Fatalf("cluster %v", m)
	}
	clusterID := dig(cl, "id").(string)
	data, errs := post(t, c, `{ state(code: "ISL") { recommendationClusters { label method size curatedCluster { id } recommendations(first: 100) { id } } } }`)
	var cs struct {
		State struct {
			RecommendationClusters []struct {
				Label, Method   string
				CuratedCluster  *struct{ ID string }
				Recommendations []struct{ ID string }
			}
		}
	}
	if err := json.Unmarshal([]byte(data), &cs); err != nil || errs != nil {
		t.Fatalf("clusters: %s %+v", data, errs)
	}
	placed := map[string]string{}
	for _, k := range cs.State.RecommendationClusters {
		for _, r := range k.Recommendations {
			if prev, ok := placed[r.ID]; ok {
				t.Errorf("recommendation in two clusters: %s and %s", prev, k.Label)
			}
			placed[r.ID] = k.Method
			if k.CuratedCluster != nil {
				placed[r.ID] += ":" + k.CuratedCluster.ID
			}
		}
	}
	for _, r := range recs {
		if placed[r] != "curated:"+clusterID {
			t.Errorf("recommendation %s placed %q, want in the curated cluster %s", r, placed[r], clusterID)
		}
	}

	m = mutate(t, c, createAction, map[string]any{"title": "Draft the action plan", "nmirfId": f.nmirf, "recommendationId": recs[0],
		"leadInstitutionId": f.institution, "dueDate": "2027-06-30", "indicator": "Plan adopted by the cabinet", "progressNote": "Working group set up."}, editor)
	a := dig(m, "createFollowUpAction.followUpAction")
	if dig(a, "status") != "IN_PREPARATION" || dig(a, "dueDate") != "2027-06-30" || dig(a, "leadInstitution.id") != f.institution ||
		dig(a, "recommendation.followUpActions.0.id") != dig(a, "id") || dig(a, "progressNotes.0.text") != "Working group set up." || num(dig(a, "version")) != 1 {
		t.Fatalf("action %v", m)
	}
	id := dig(a, "id").(string)
	m = mutate(t, c, updateAction, map[string]any{"id": id, "version": 1, "status": "IN_PROGRESS", "progressNote": "Draft circulated."}, editor)
	a = dig(m, "updateFollowUpAction.followUpAction")
	if dig(a, "status") != "IN_PROGRESS" || dig(a, "progressNotes.1.text") != "Draft circulated." || dig(a, "progressNotes.0.text") != "Working group set up." ||
		num(dig(a, "history.totalCount")) != 2 {
		t.Errorf("action update %v", m)
	}
	racing(t, func(i int) string {
		data, _ := post(t, c, updateAction, client.Var("in", map[string]any{"id": id, "version": 2, "indicator": fmt.Sprint("indicator ", i)}), editor)
		return data
	})
	m = mutate(t, c, archiveAction, map[string]any{"id": id, "version": 3}, editor)
	if dig(m, "archiveFollowUpAction.followUpAction.archivedAt") == nil || dig(m, "archiveFollowUpAction.followUpAction.recommendation.followUpActions.0") != nil {
		t.Errorf("action archive %v", m)
	}
	m = mutate(t, c, updateCluster, map[string]any{"id": clusterID, "version": 1, "name": "Education of girls", "recommendationIds": recs[1:]}, editor)
	if num(dig(m, "updateCuratedCluster.curatedCluster.size")) != 1 || num(dig(m, "updateCuratedCluster.curatedCluster.version")) != 2 {
		t.Errorf("cluster update %v", m)
	}
	m = mutate(t, c, archiveCluster, map[string]any{"id": clusterID, "version": 2}, editor)
	if dig(m, "archiveCuratedCluster.curatedCluster.archivedAt") == nil || num(dig(m, "archiveCuratedCluster.curatedCluster.history.totalCount")) != 3 {
		t.Errorf("cluster archive %v", m)
	}
}

func TestLinkUnlinkAndHardDelete(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	admin := token(t, st, domain.RoleAdmin, "")
	f := newCurationFixture(t, st, c, editor)
	theme := domain.GlobalID(domain.KindTheme, "2030-agenda-and-other-voluntary-commitments")

	m := mutate(t, c, linkNodes, map[string]any{"fromId": f.practice, "toId": theme, "version": 1}, editor)
	if dig(m, "linkNodes.from.themes.0.id") != theme || num(dig(m, "linkNodes.from.version")) != 2 || dig(m, "linkNodes.to.id") != theme {
		t.Fatalf("link %v", m)
	}
	m = mutate(t, c, linkNodes, map[string]any{"fromId": f.practice, "toId": theme, "version": 1}, editor)
	if got := errorFields(dig(m, "linkNodes")); len(got) != 1 || got[0] != "CONFLICT input.version" {
		t.Errorf("stale link: %v", m)
	}
	m = mutate(t, c, unlinkNodes, map[string]any{"fromId": f.practice, "toId": theme}, editor)
	if dig(m, "unlinkNodes.from.themes.0") != nil || num(dig(m, "unlinkNodes.from.version")) != 3 {
		t.Errorf("unlink %v", m)
	}
	m = mutate(t, c, linkNodes, map[string]any{"fromId": f.cluster, "toId": f.recs[1]}, editor)
	if len(errorFields(dig(m, "linkNodes"))) != 0 {
		t.Errorf("link a recommendation to a cluster: %v", m)
	}

	// Nothing is deleted from under what depends on it: the fixture's action needs its
	// cluster, and both need their NMIRF.
	for _, id := range []string{f.cluster, f.nmirf} {
		m = mutate(t, c, deleteNode, map[string]any{"id": id}, admin)
		if got := errorFields(dig(m, "deleteNode")); len(got) != 1 || got[0] != "BAD_USER_INPUT input.id" || dig(m, "deleteNode.deletedId") != nil {
			t.Errorf("deleting %s with dependents: %v", id, m)
		}
	}
	// Hard delete: administrators only; the deletion stays in the history.
	m = mutate(t, c, deleteNode, map[string]any{"id": f.action}, admin)
	if dig(m, "deleteNode.deletedId") != f.action {
		t.Fatalf("delete %v", m)
	}
	if data, _ := post(t, c, `query($id: ID!) { node(id: $id) { id } }`, client.Var("id", f.action), admin); data != `{"node":null}` {
		t.Errorf("deleted node still there: %s", data)
	}
	data, errs := post(t, c, `query($id: ID!) { history(id: $id, first: 5) { totalCount nodes { action actor before after } } }`, client.Var("id", f.action), editor)
	if errs != nil || !strings.Contains(data, `"totalCount":2`) || !strings.Contains(data, `"action":"DELETE"`) || !strings.Contains(data, `"after":null`) {
		t.Errorf("history of a deleted node: %s %+v", data, errs)
	}
	m = mutate(t, c, deleteNode, map[string]any{"id": f.action}, admin)
	if got := errorFields(dig(m, "deleteNode")); len(got) != 1 || got[0] != "NOT_FOUND input.id" {
		t.Errorf("deleting twice: %v", m)
	}
	m = mutate(t, c, deleteNode, map[string]any{"id": domain.GlobalID(domain.KindState, "ISL")}, admin)
	if got := errorFields(dig(m, "deleteNode")); len(got) != 1 || got[0] != "BAD_USER_INPUT input.id" {
		t.Errorf("deleting a State: %v", m)
	}
	if _, errs := post(t, c, `query($id: ID!) { history(id: $id) { totalCount } }`, client.Var("id", f.action)); len(errs) == 0 || errs[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Errorf("anonymous history by ID: %+v", errs)
	}
}

func TestDraftsAreForEditors(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	other := token(t, st, domain.RoleEditor, "MAR")
	m := mutate(t, c, createPRY, map[string]any{"title": "Draft for editors", "summary": "s", "stateCode": "ISL", "capacities": []string{"COORDINATION"}}, editor)
	id, _ := dig(m, "createGoodPractice.goodPractice.id").(string)
	// The draft is looked for by ID, in the State's list and in the filtered connection (the
	// tests' own Iceland drafts may fill several pages of it).
	byID := `query($id: ID!) { state(code: "ISL") { goodPractices { id } } node(id: $id) { id } }`
	connection := `query($after: String) { goodPractices(first: 100, after: $after, filter: {stateCodes: ["ISL"]}) {
	  nodes { id status } pageInfo { hasNextPage endCursor } } }`
	for _, tc := range []struct {
		who  string
		opt  client.Option
		sees bool
	}{{"anonymous", func(*client.Request) {}, false}, {"editor of another State", other, false}, {"editor of Iceland", editor, true}} {
		data, errs := post(t, c, byID, client.Var("id", id), tc.opt)
		if errs != nil {
			t.Fatalf("%s: %+v", tc.who, errs)
		}
		got := strings.Count(data, id)
		var after any
		for range 50 {
			data, errs := post(t, c, connection, client.Var("after", after), tc.opt)
			if errs != nil {
				t.Fatalf("%s: %+v", tc.who, errs)
			}
			got += strings.Count(data, id)
			var page struct {
				GoodPractices struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			if err := json.Unmarshal([]byte(data), &page); err != nil || !page.GoodPractices.PageInfo.HasNextPage {
				break
			}
			after = page.GoodPractices.PageInfo.EndCursor
		}
		if (got == 3) != tc.sees || (got == 0) == tc.sees {
			t.Errorf("%s sees the draft %d times of 3 (want %v)", tc.who, got, tc.sees)
		}
	}
}

// A practice, its recommendations and their States and practices: one compiled query,
// however many recommendations, plus the bearer token's check.
func TestPracticeTraversalIsOneQuery(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	recs := islRecommendations(t, st, "traversal")
	m := mutate(t, c, createPRY, map[string]any{"title": "Traversal", "summary": "s", "stateCode": "ISL", "capacities": []string{"COORDINATION"},
		"recommendationIds": recs}, editor)
	id, _ := dig(m, "createGoodPractice.goodPractice.id").(string)
	var n atomic.Int64
	data, errs := post(t, c, `query($id: ID!) { node(id: $id) { ... on GoodPractice { title recommendations { paragraph states { code } practices { id } } } } }`,
		client.Var("id", id), editor, func(r *client.Request) {
			r.HTTP = r.HTTP.WithContext(store.WithRoundTripCounter(r.HTTP.Context(), &n))
		})
	// The practice is a draft: its editor sees it among the practices of its recommendations.
	if errs != nil || n.Load() != 2 || strings.Count(data, `"states":[{"code":"ISL"}]`) != 2 || strings.Count(data, id) != 2 {
		t.Errorf("%d round trips (want 2: token, the compiled read), %+v: %s", n.Load(), errs, data)
	}
}
