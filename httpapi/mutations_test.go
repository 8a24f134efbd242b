package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func token(t *testing.T, st *store.Store, role domain.Role, state string) client.Option {
	t.Helper()
	_, tok, err := st.CreateToken(context.Background(), fmt.Sprintf("test-%s-%d", role, rand.Int()), role, state)
	if err != nil {
		t.Fatal(err)
	}
	return client.AddHeader("Authorization", "Bearer "+tok)
}

const createPRY = `mutation($in: CreateGoodPracticeInput!) { createGoodPractice(input: $in) { goodPractice { id version status title history(first: 5) { totalCount nodes { action actor before after at } } } errors { code field message } } }`

func TestMutationsAreProtected(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editorISL := token(t, st, domain.RoleEditor, "ISL")
	created, errs := post(t, c, createPRY, client.Var("in", map[string]any{"title": "Protected", "summary": "s", "stateCode": "ISL", "capacities": []string{"COORDINATION"}}), editorISL)
	if errs != nil {
		t.Fatalf("create: %+v", errs)
	}
	var cr struct {
		CreateGoodPractice struct{ GoodPractice struct{ ID string } }
	}
	_ = json.Unmarshal([]byte(created), &cr)
	id := cr.CreateGoodPractice.GoodPractice.ID
	f := newCurationFixture(t, st, c, editorISL)

	// The tests write practices for Iceland on the 2030-agenda theme, which no other test
	// counts, since all tests share one database.

	// Every mutation of the schema must be listed here, so none can ship unprotected.
	calls := map[string]struct {
		doc string
		in  map[string]any
	}{
		"createGoodPractice":       {createPRY, map[string]any{"title": "x", "summary": "y", "stateCode": "ISL", "capacities": []string{"ENGAGEMENT"}}},
		"updateGoodPractice":       {`mutation($in: UpdateGoodPracticeInput!) { updateGoodPractice(input: $in) { errors { code } } }`, map[string]any{"id": id, "version": 1, "title": "changed"}},
		"archiveGoodPractice":      {`mutation($in: ArchiveGoodPracticeInput!) { archiveGoodPractice(input: $in) { errors { code } } }`, map[string]any{"id": id, "version": 1}},
		"createNmirf":              {createNmirf, map[string]any{"name": "n", "stateCode": "ISL"}},
		"updateNmirf":              {updateNmirf, map[string]any{"id": f.nmirf, "version": 1, "name": "changed"}},
		"archiveNmirf":             {archiveNmirf, map[string]any{"id": f.nmirf, "version": 1}},
		"createInstitution":        {createInstitution, map[string]any{"name": "i", "stateCode": "ISL"}},
		"updateInstitution":        {updateInstitution, map[string]any{"id": f.institution, "version": 1, "name": "changed"}},
		"archiveInstitution":       {archiveInstitution, map[string]any{"id": f.institution, "version": 1}},
		"createNetworkMembership":  {createMembership, map[string]any{"nmirfId": f.nmirf}},
		"updateNetworkMembership":  {updateMembership, map[string]any{"nmirfId": f.nmirf, "version": 1}},
		"archiveNetworkMembership": {archiveMembership, map[string]any{"nmirfId": f.nmirf, "version": 1}},
		"createFollowUpAction":     {createAction, map[string]any{"title": "t", "nmirfId": f.nmirf, "clusterId": f.cluster}},
		"updateFollowUpAction":     {updateAction, map[string]any{"id": f.action, "version": 1, "title": "changed"}},
		"archiveFollowUpAction":    {archiveAction, map[string]any{"id": f.action, "version": 1}},
		"createCuratedCluster":     {createCluster, map[string]any{"name": "c", "nmirfId": f.nmirf, "recommendationIds": f.recs}},
		"updateCuratedCluster":     {updateCluster, map[string]any{"id": f.cluster, "version": 1, "name": "changed"}},
		"archiveCuratedCluster":    {archiveCluster, map[string]any{"id": f.cluster, "version": 1}},
		"linkNodes":                {linkNodes, map[string]any{"fromId": f.practice, "toId": f.recs[0]}},
		"unlinkNodes":              {unlinkNodes, map[string]any{"fromId": f.practice, "toId": f.recs[0]}},
		"deleteNode":               {deleteNode, map[string]any{"id": f.practice}},
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var mutations []*ast.FieldDefinition
	for _, f := range schema.Mutation.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			mutations = append(mutations, f)
		}
	}
	viewer := token(t, st, domain.RoleViewer, "")
	editorMAR := token(t, st, domain.RoleEditor, "MAR")
	for _, f := range mutations {
		call, ok := calls[f.Name]
		if !ok {
			t.Errorf("mutation %s has no authorization test", f.Name)
			continue
		}
		for _, who := range []struct {
			name string
			opt  client.Option
			code string
		}{{"anonymous", func(*client.Request) {}, "UNAUTHENTICATED"}, {"viewer", viewer, "FORBIDDEN"}, {"editor of another State", editorMAR, "FORBIDDEN"}} {
			_, errs := post(t, c, call.doc, client.Var("in", call.in), who.opt)
			if len(errs) == 0 || errs[0].Extensions["code"] != who.code {
				t.Errorf("%s as %s: %+v; want %s", f.Name, who.name, errs, who.code)
			}
		}
	}
}

func TestGoodPracticeLifecycle(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	theme := domain.GlobalID(domain.KindTheme, "2030-agenda-and-other-voluntary-commitments")
	data, errs := post(t, c, createPRY, client.Var("in", map[string]any{"title": "Focal points trained in every ministry",
		"summary": "Focal points were trained.", "stateCode": "ISL", "capacities": []string{"COORDINATION"},
		"themeIds": []string{theme}, "periodStart": 2023}), editor)
	if errs != nil {
		t.Fatalf("create: %+v", errs)
	}
	var r struct {
		CreateGoodPractice struct {
			GoodPractice struct {
				ID, Status string
				Version    int
				History    struct{ TotalCount int }
			}
			Errors []struct{ Code, Field string }
		}
	}
	_ = json.Unmarshal([]byte(data), &r)
	gp := r.CreateGoodPractice.GoodPractice
	if gp.Version != 1 || gp.Status != "DRAFT" || gp.History.TotalCount != 1 || len(r.CreateGoodPractice.Errors) != 0 {
		t.Fatalf("created %s", data)
	}
	// A draft is hidden from anonymous viewers and visible to its editor.
	if anon, _ := post(t, c, `query($id: ID!) { node(id: $id) { id } }`, client.Var("id", gp.ID)); anon != `{"node":null}` {
		t.Errorf("a draft is visible anonymously: %s", anon)
	}
	update := `mutation($in: UpdateGoodPracticeInput!) { updateGoodPractice(input: $in) { goodPractice { version status history(first: 5) { totalCount nodes { action before after } } } errors { code field } } }`
	data, errs = post(t, c, update, client.Var("in", map[string]any{"id": gp.ID, "version": 1, "status": "PUBLISHED", "outcome": "Reports drafted faster."}), editor)
	if errs != nil || !strings.Contains(data, `"version":2`) || !strings.Contains(data, `"totalCount":2`) || !strings.Contains(data, `"action":"UPDATE"`) {
		t.Fatalf("update: %s %+v", data, errs)
	}
	// Two editors race on version 2: exactly one wins, the other gets CONFLICT.
	var wg sync.WaitGroup
	results := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = post(t, c, update, client.Var("in", map[string]any{"id": gp.ID, "version": 2, "tools": []string{fmt.Sprint("tool ", i)}}), editor)
		}()
	}
	wg.Wait()
	wins, conflicts := 0, 0
	for _, res := range results {
		if strings.Contains(res, `"version":3`) {
			wins++
		}
		if strings.Contains(res, `"code":"CONFLICT"`) {
			conflicts++
		}
	}
	if wins != 1 || conflicts != 1 {
		t.Errorf("race: %v", results)
	}
	archive := `mutation($in: ArchiveGoodPracticeInput!) { archiveGoodPractice(input: $in) { goodPractice { status version } errors { code field } } }`
	if data, errs := post(t, c, archive, client.Var("in", map[string]any{"id": gp.ID, "version": 3}), editor); errs != nil || !strings.Contains(data, `"status":"ARCHIVED"`) {
		t.Errorf("archive: %s %+v", data, errs)
	}
	if data, _ := post(t, c, `query($id: ID!) { node(id: $id) { ... on GoodPractice { history(first: 10) { totalCount } } } }`, client.Var("id", gp.ID), editor); !strings.Contains(data, `"totalCount":4`) {
		t.Errorf("history after archive: %s", data)
	}
}

func TestGoodPracticeValidation(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	admin := token(t, st, domain.RoleAdmin, "")
	for _, tc := range []struct {
		name  string
		in    map[string]any
		field string
	}{
		{"empty title", map[string]any{"title": " ", "summary": "s", "stateCode": "PRY", "capacities": []string{"ENGAGEMENT"}}, "input.title"},
		{"unknown State", map[string]any{"title": "t", "summary": "s", "stateCode": "ATL", "capacities": []string{"ENGAGEMENT"}}, "input.stateCode"},
		{"no capacity", map[string]any{"title": "t", "summary": "s", "stateCode": "PRY", "capacities": []string{}}, "input.capacities"},
		{"bad year", map[string]any{"title": "t", "summary": "s", "stateCode": "PRY", "capacities": []string{"ENGAGEMENT"}, "periodStart": 1200}, "input.periodStart"},
		{"bad theme", map[string]any{"title": "t", "summary": "s", "stateCode": "PRY", "capacities": []string{"ENGAGEMENT"}, "themeIds": []string{"x"}}, "input.themeIds[0]"},
		{"NMIRF of another State", map[string]any{"title": "t", "summary": "s", "stateCode": "PRY", "capacities": []string{"ENGAGEMENT"}, "nmirfId": domain.GlobalID(domain.KindNMIRF, "mar-didh")}, "input.nmirfId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, errs := post(t, c, createPRY, client.Var("in", tc.in), admin)
			if errs != nil || !strings.Contains(data, `"goodPractice":null`) || !strings.Contains(data, `"field":"`+tc.field+`"`) {
				t.Errorf("%s %+v; want an error on %s and nothing written", data, errs, tc.field)
			}
		})
	}
	upd := `mutation($in: UpdateGoodPracticeInput!) { updateGoodPractice(input: $in) { errors { code field } } }`
	if data, _ := post(t, c, upd, client.Var("in", map[string]any{"id": domain.GlobalID(domain.KindGoodPractice, "nope"), "version": 1}), admin); !strings.Contains(data, `"code":"NOT_FOUND"`) {
		t.Errorf("update of an unknown practice: %s", data)
	}
}
