package httpapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

// Issue 14, item 3: one visibility rule for drafts and archived nodes, wherever a node surfaces.

const (
	neighbourhoodOf = `query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 50) { nodes { id label } } }`
	pathsTo         = `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxLength: 2) { nodes { id label } } }`
	historyOfNode   = `query($id: ID!) { node(id: $id) { id ... on GoodPractice { history(first: 10) { totalCount nodes { action actor actorId before after } } } } }`
	historyByID     = `query($id: ID!) { history(id: $id, first: 10) { totalCount nodes { action actor actorId before after } } }`
)

// anonymousOpt sends no credentials.
func anonymousOpt(*client.Request) {}

// A draft's (or an archived practice's) neighbourhood and paths through it are null/empty for
// who may not see it, and shown to the editors of its State.
func TestDraftAndArchivedNeighbourhoodsAreHidden(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	other := token(t, st, domain.RoleEditor, "MAR")
	viewer := token(t, st, domain.RoleViewer, "")
	title := fmt.Sprintf("Secret draft title %d", rand.Int())
	m := mutate(t, c, createPRY, map[string]any{"title": title, "summary": "s", "stateCode": "ISL", "capacities": []string{"COORDINATION"}}, editor)
	draft, _ := dig(m, "createGoodPractice.goodPractice.id").(string)
	if draft == "" {
		t.Fatalf("create: %v", m)
	}
	isl := domain.GlobalID(domain.KindState, "ISL")
	for _, tc := range []struct {
		who  string
		opt  client.Option
		sees bool
	}{{"anonymous", anonymousOpt, false}, {"viewer", viewer, false}, {"editor of another State", other, false}, {"editor of Iceland", editor, true}} {
		data, errs := post(t, c, neighbourhoodOf, client.Var("id", draft), tc.opt)
		if errs != nil {
			t.Fatalf("%s: %+v", tc.who, errs)
		}
		if strings.Contains(data, title) != tc.sees {
			t.Errorf("%s: neighbourhood of the draft (want visible=%v): %s", tc.who, tc.sees, data)
		}
		data, errs = post(t, c, pathsTo, client.Var("from", draft), client.Var("to", isl), tc.opt)
		if errs != nil {
			t.Fatalf("%s: %+v", tc.who, errs)
		}
		if strings.Contains(data, title) != tc.sees {
			t.Errorf("%s: paths from the draft (want visible=%v): %s", tc.who, tc.sees, data)
		}
	}

	// Published, it is public; archived, it is hidden again (archived nodes are in no list).
	upd := `mutation($in: UpdateGoodPracticeInput!) { updateGoodPractice(input: $in) { goodPractice { version status } errors { code field } } }`
	if data, errs := post(t, c, upd, client.Var("in", map[string]any{"id": draft, "version": 1, "status": "PUBLISHED"}), editor); errs != nil || !strings.Contains(data, `"PUBLISHED"`) {
		t.Fatalf("publish: %s %+v", data, errs)
	}
	if data, _ := post(t, c, neighbourhoodOf, client.Var("id", draft)); !strings.Contains(data, title) {
		t.Errorf("published practice's neighbourhood: %s", data)
	}
	archive := `mutation($in: ArchiveGoodPracticeInput!) { archiveGoodPractice(input: $in) { goodPractice { status } errors { code field } } }`
	if data, errs := post(t, c, archive, client.Var("in", map[string]any{"id": draft, "version": 2}), editor); errs != nil || !strings.Contains(data, `"ARCHIVED"`) {
		t.Fatalf("archive: %s %+v", data, errs)
	}
	if data, _ := post(t, c, neighbourhoodOf, client.Var("id", draft)); data != `{"neighbourhood":null}` {
		t.Errorf("anonymous neighbourhood of an archived practice: %s", data)
	}
	if data, _ := post(t, c, pathsTo, client.Var("from", draft), client.Var("to", isl)); strings.Contains(data, title) {
		t.Errorf("anonymous paths from an archived practice: %s", data)
	}
}

// An archived NMIRF leaves search, neighbourhoods and paths.
func TestArchivedNmirfLeavesSearchAndGraph(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	editor := token(t, st, domain.RoleEditor, "ISL")
	word := fmt.Sprintf("zorblax%d", rand.Int())
	m := mutate(t, c, createNmirf, map[string]any{"name": "Archived mechanism " + word, "stateCode": "ISL"}, editor)
	id, _ := dig(m, "createNmirf.nmirf.id").(string)
	if id == "" {
		t.Fatalf("create: %v", m)
	}
	search := `query($q: String!) { search(query: $q, types: [NMIRF], first: 5) { nodes { ... on NMIRF { id } } } }`
	if data, errs := post(t, c, search, client.Var("q", word)); errs != nil || !strings.Contains(data, id) {
		t.Fatalf("search before archiving: %s %+v", data, errs)
	}
	m = mutate(t, c, archiveNmirf, map[string]any{"id": id, "version": 1}, editor)
	if dig(m, "archiveNmirf.nmirf.archivedAt") == nil {
		t.Fatalf("archive: %v", m)
	}
	if data, errs := post(t, c, search, client.Var("q", word)); errs != nil || strings.Contains(data, id) {
		t.Errorf("search finds an archived NMIRF: %s %+v", data, errs)
	}
	if data, _ := post(t, c, neighbourhoodOf, client.Var("id", id)); data != `{"neighbourhood":null}` {
		t.Errorf("neighbourhood of an archived NMIRF: %s", data)
	}
	if data, _ := post(t, c, neighbourhoodOf, client.Var("id", domain.GlobalID(domain.KindState, "ISL"))); strings.Contains(data, word) {
		t.Errorf("the State's neighbourhood shows an archived NMIRF: %s", data)
	}
}

// History is readable by who may edit the node (administrators, editors of its State) and by
// nobody else: the node's history field is an empty connection, Query.history is FORBIDDEN.
// It records the principal's id besides its name.
func TestHistoryIsForWhoMayEdit(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	name := fmt.Sprintf("test-editor-%d", rand.Int())
	tokID, tok, err := st.CreateToken(context.Background(), name, domain.RoleEditor, "ISL")
	if err != nil {
		t.Fatal(err)
	}
	editor := bearer(tok)
	admin := token(t, st, domain.RoleAdmin, "")
	other := token(t, st, domain.RoleEditor, "MAR")
	viewer := token(t, st, domain.RoleViewer, "")
	secret := fmt.Sprintf("Draft-stage wording %d", rand.Int())
	m := mutate(t, c, createPRY, map[string]any{"title": secret, "summary": "s", "stateCode": "ISL", "capacities": []string{"COORDINATION"}}, editor)
	id, _ := dig(m, "createGoodPractice.goodPractice.id").(string)
	if id == "" {
		t.Fatalf("create: %v", m)
	}
	upd := `mutation($in: UpdateGoodPracticeInput!) { updateGoodPractice(input: $in) { errors { code field } } }`
	if data, errs := post(t, c, upd, client.Var("in", map[string]any{"id": id, "version": 1, "title": "Public title", "status": "PUBLISHED"}), editor); errs != nil || strings.Contains(data, `"code"`) {
		t.Fatalf("publish: %s %+v", data, errs)
	}
	for _, tc := range []struct {
		who   string
		opt   client.Option
		reads bool
	}{{"anonymous", anonymousOpt, false}, {"viewer", viewer, false}, {"editor of another State", other, false},
		{"editor of Iceland", editor, true}, {"admin", admin, true}} {
		data, errs := post(t, c, historyOfNode, client.Var("id", id), tc.opt)
		if errs != nil || !strings.Contains(data, id) {
			t.Fatalf("%s: %s %+v", tc.who, data, errs)
		}
		if tc.reads {
			if !strings.Contains(data, `"totalCount":2`) || !strings.Contains(data, secret) ||
				!strings.Contains(data, `"actor":"`+name+`"`) || !strings.Contains(data, `"actorId":"`+tokID+`"`) {
				t.Errorf("%s: node history: %s", tc.who, data)
			}
		} else if !strings.Contains(data, `"history":{"nodes":[],"totalCount":0}`) || strings.Contains(data, secret) || strings.Contains(data, name) {
			t.Errorf("%s reads the node's history: %s", tc.who, data)
		}
		data, errs = post(t, c, historyByID, client.Var("id", id), tc.opt)
		switch {
		case tc.reads:
			if errs != nil || !strings.Contains(data, secret) || !strings.Contains(data, `"actorId":"`+tokID+`"`) {
				t.Errorf("%s: history by ID: %s %+v", tc.who, data, errs)
			}
		case strings.Contains(data, secret) || len(errs) == 0:
			t.Errorf("%s reads the history by ID: %s %+v", tc.who, data, errs)
		case tc.who == "anonymous":
			if errs[0].Extensions["code"] != "UNAUTHENTICATED" {
				t.Errorf("%s: %+v", tc.who, errs)
			}
		case errs[0].Extensions["code"] != "FORBIDDEN":
			t.Errorf("%s: history by ID: %+v", tc.who, errs)
		}
	}
}
