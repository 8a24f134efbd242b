package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// Compiled reads project of a practice or a recommendation only the parts the operation
// selects (store/shape.go, resolvers/shape.go). Each query below is answered twice: as it
// is, and with two more root fields that select, on each kind, a field outside the table of
// parts, so that both kinds are read whole. The answers to the query's own fields must be
// the same.
func TestShapedReadsAnswerAsWholeReads(t *testing.T) {
	st := testenv.Store(t)
	c := newClient(t, st)
	admin := token(t, st, domain.RoleAdmin, "")
	ctx := context.Background()

	// A draft of Iceland (only an administrator sees it, so tests beside this one never
	// meet it) with every detail, addressing 30 recommendations of Costa Rica.
	recKeys := testenv.ReportRecommendations(t, st, "a-hrc-wg6-cri-2024-upr4", 30)
	isl, draft, key := "ISL", domain.PracticeStatus("DRAFT"), fmt.Sprintf("gp-shape-api-%d", time.Now().UnixNano())
	start, outcome := 2020, "an outcome"
	w := store.PracticeWrite{Titles: domain.Texts{"EN": "shaped", "FR": "façonné"}, Summaries: domain.Texts{"EN": "a summary"},
		StateCode: &isl, Capacities: []domain.Capacity{"ENGAGEMENT"}, Stakeholders: []string{"civil society"}, Tools: []string{"a tool"},
		PeriodStart: &start, Outcome: &outcome, Status: &draft, RecommendationKeys: &recKeys, ThemeKeys: &[]string{"children"}}
	if nmirfs, _ := st.NMIRFsByStates(ctx, []string{isl}); len(nmirfs[isl]) > 0 {
		w.NMIRFKey = &nmirfs[isl][0].Key
	}
	apply := func(w store.PracticeWrite, version int, action string) {
		write := w.Write(key, version, action)
		write.Actor = "test"
		if _, err := st.Apply(ctx, write); err != nil {
			t.Fatal(err)
		}
	}
	apply(w, 0, "CREATE")
	defer func() {
		archived := domain.PracticeStatus("ARCHIVED")
		apply(store.PracticeWrite{Status: &archived}, 1, "UPDATE")
	}()
	pid, rid := domain.GlobalID(domain.KindGoodPractice, key), domain.GlobalID(domain.KindRecommendation, recKeys[0])
	whole := fmt.Sprintf(` _wp: node(id: %q) { ... on GoodPractice { history(first: 1) { totalCount } } }
  _wr: node(id: %q) { ... on Recommendation { peerPractices(first: 1) { __typename } } }
  _wt: theme(key: "access-to-justice-and-remedy") { recommendations(first: 1) { totalCount } }`, pid, rid)

	queries := map[string]string{
		"practice traversal": `{ node(id: "PID") { ... on GoodPractice { title
		  recommendations { uhriAnnotationId year states { code } practices { title } } } } }`,
		"every practice field": `{ node(id: "PID") { id ... on GoodPractice { title(lang: FR) titleLanguage(lang: AR) summary
		  capacities stakeholders tools periodStart periodEnd outcome status version nmirf { id name } state { code } themes { name }
		  recommendations { id } } } }`,
		"one practice, two root fields": `{ a: node(id: "PID") { ... on GoodPractice { title } }
		  b: node(id: "PID") { ... on GoodPractice { summary outcome nmirf { id name } recommendations { text } } } }`,
		"every recommendation field": `{ node(id: "RID") { ... on Recommendation { text(lang: ES) textLanguage(lang: ES) languages
		  paragraph type publishedOn year uprCycle { number } uprSession uhriAnnotationId mechanism { code } document { symbol }
		  position { value label } states { code } themes { name } practices { title outcome state { code } } } } }`,
		"a page with practices": `{ state(code: "CRI") { recommendationsReceived(first: 40, orderBy: {field: PARAGRAPH, direction: ASC}) {
		  edges { node { text year mechanism { code } document { symbol } practices { title capacities } } } } } }`,
		"a list page": `{ recommendations(first: 5, filter: {stateCodes: ["CRI"]}) { totalCount nodes { uhriAnnotationId year paragraph } } }`,
		"a search": `{ search(query: "children", types: [RECOMMENDATION, GOOD_PRACTICE], first: 8) { edges { score snippet matchedFields
		  node { ... on Recommendation { uhriAnnotationId year mechanism { code } } ... on GoodPractice { title } } } } }`,
		"a State's practices": `{ state(code: "ISL") { nmirfs { name practices { title themes { name } } } goodPractices { title summary } } }`,
		"themes": `{ node(id: "RID") { ... on Recommendation { themes { key name(lang: FR) nameLanguage(lang: ZH) scheme version
		  parent { key name } children { key } } practices { themes { id } } } } }`,
		"texts in one language": `{ node(id: "PID") { ... on GoodPractice { title(lang: FR) titleLanguage(lang: FR) summary(lang: FR)
		  recommendations { text(lang: FR) textLanguage(lang: FR) a: text(lang: ES) themes { name(lang: ES) nameLanguage(lang: ES) } } } } }`,
		"a language from a variable's default": `query($l: Language = FR) { node(id: "PID") { ... on GoodPractice {
		  title(lang: $l) titleLanguage(lang: $l) recommendations { text(lang: $l) } } } }`,
		"theme keys only": `{ node(id: "PID") { ... on GoodPractice { themes { key } recommendations { themes { key parent { key } } } } } }`,
	}
	for name, q := range queries {
		q = strings.NewReplacer("PID", pid, "RID", rid).Replace(q)
		wholeQ := strings.TrimSuffix(strings.TrimSpace(q), "}") + whole + "\n}"
		// Asked up to three times: other packages' tests, run at the same time against the
		// same Neo4j (go test ./...), write practices of Iceland between two reads.
		var shaped, read map[string]any
		for try := 0; try < 3; try++ {
			shaped = answer(t, c, q, admin)
			read = answer(t, c, wholeQ, admin)
			if read["_wp"] == nil || read["_wr"] == nil || read["_wt"] == nil {
				t.Fatalf("%s: the fields that force whole reads answered nothing: %v", name, read)
			}
			delete(read, "_wp")
			delete(read, "_wr")
			delete(read, "_wt")
			if reflect.DeepEqual(shaped, read) {
				break
			}
		}
		if !reflect.DeepEqual(shaped, read) {
			t.Errorf("%s: shaped answer\n%v\nwhole answer\n%v", name, shaped, read)
		}
	}
	// An editor of Iceland sees the draft too, and an editor of another State does not:
	// their rights depend on the practice's State, which the shaped read must bring.
	for state, sees := range map[string]bool{"ISL": true, "CRI": false} {
		// (a selection with a link, so that the practice is read by a compiled, shaped read)
		q := strings.ReplaceAll(`{ node(id: "PID") { ... on GoodPractice { title themes { name } } } }`, "PID", pid)
		got := answer(t, c, q, token(t, st, domain.RoleEditor, state))
		if (got["node"] != nil) != sees {
			t.Errorf("an editor of %s: %v", state, got)
		}
	}
	// The draft is there with its details, seen through the shaped read.
	got := answer(t, c, strings.ReplaceAll(queries["every practice field"], "PID", pid), admin)
	b, _ := json.Marshal(got)
	for _, want := range []string{`"title":"façonné"`, `"outcome":"an outcome"`, `"stakeholders":["civil society"]`, `"periodStart":2020`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the draft's answer lacks %s: %s", want, b)
		}
	}
}

// answer posts a query that must succeed and decodes its data.
func answer(t *testing.T, c *client.Client, q string, opts ...client.Option) map[string]any {
	t.Helper()
	data, errs := post(t, c, q, opts...)
	if errs != nil {
		t.Fatalf("%s: %+v", q, errs)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		t.Fatal(err)
	}
	return m
}
