package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/testenv"
)

func TestGoodPracticesAndTheirLinks(t *testing.T) {
	c := newClient(t, testenv.Store(t))
	data, errs := post(t, c, `{
	  goodPractices(first: 10, filter: {capacities: [INFORMATION_MANAGEMENT], stateCodes: ["PRY", "URY", "WSM", "TKM", "UZB"]}) {
	    totalCount pageInfo { hasNextPage }
	    edges { cursor node { id } }
	    nodes { id title es: title(lang: ES) titleLanguage(lang: AR) summary capacities stakeholders tools
	      periodStart periodEnd outcome status version
	      nmirf { name legalBasis establishedYear mandate trackingTool website
	        institutions { role institution { id name } } practices { id } }
	      state { code goodPractices { id } }
	      guidanceDimensions { id name description practices { id } }
	      themes { name practices { id } } recommendations { id practices { id } } sources { title } }
	  }
	  nmirfs(first: 10) { nodes { institutions { institution { state { code } nmirfs { name } } } } }
	  guidanceDimensions { name }
	  organizations { id name acronym url events { name partners { acronym } } }
	}`)
	if errs != nil {
		t.Fatalf("errors: %+v", errs)
	}
	var r struct {
		GoodPractices struct {
			TotalCount int
			Nodes      []struct{ ID string }
		}
		GuidanceDimensions []struct{ Name string }
		Organizations      []struct {
			Acronym string
			Events  []struct{ Name string }
		}
	}
	_ = json.Unmarshal([]byte(data), &r)
	if r.GoodPractices.TotalCount != 5 || len(r.GoodPractices.Nodes) != 5 {
		t.Errorf("information-management practices: %d (%d nodes); want 5", r.GoodPractices.TotalCount, len(r.GoodPractices.Nodes))
	}
	if len(r.GuidanceDimensions) != 6 || r.GuidanceDimensions[0].Name != "Legal basis and mandate" {
		t.Errorf("dimensions %+v", r.GuidanceDimensions)
	}
	for _, want := range []string{`"legalBasis":"Decree 358/2016"`, `"role":"COORDINATOR"`, `"trackingTool":"SIMORE Plus"`,
		`"es":"SIMORE y SIMORE Plus`, `"status":"PUBLISHED"`, `"version":1`} {
		if !strings.Contains(data, want) {
			t.Errorf("response lacks %s", want)
		}
	}
	var ohchrEvents int
	for _, o := range r.Organizations {
		if o.Acronym == "OHCHR" {
			ohchrEvents = len(o.Events)
		}
	}
	if ohchrEvents != 1 {
		t.Errorf("OHCHR events: %d; want the HRC58 side event", ohchrEvents)
	}
	t.Run("filter errors name the field", func(t *testing.T) {
		_, errs := post(t, c, `{ goodPractices(first: 1, filter: {themeIds: ["x"]}) { totalCount } }`)
		if len(errs) == 0 || errs[0].Extensions["field"] != "filter.themeIds[0]" {
			t.Errorf("errors %+v", errs)
		}
	})
}
