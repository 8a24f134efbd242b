package ui

import (
	"embed"
	"net/http"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// The State profile page (/state/{CODE}) is ours (ui/state/): one page for every State that
// asks /graphql for the State's data; Chart.js comes from the npm assets like GraphiQL.
//
//go:embed state
var stateFiles embed.FS

// StatePage serves the State profile page for GET /state/{code}; the code is read by the
// page's script from the address, so the server only checks its form.
func StatePage() http.Handler {
	page, _ := stateFiles.ReadFile("state/index.html")
	sri := sriHashes()
	html := templated(page, sri)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := r.PathValue("code")
		upper := strings.ToUpper(code)
		if !domain.IsStateCode(upper) {
			http.NotFound(w, r)
			return
		}
		if upper != code {
			target := "/state/" + upper
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		if sri["chart.umd.min.js"] == "" {
			assetsMissing(w, "State page")
			return
		}
		writePage(w, html, "")
	})
}

// StateFiles serves the State page's script and style sheet under prefix (e.g. "/state/_/").
func StateFiles(prefix string) http.Handler { return dirFiles(stateFiles, "state", prefix) }
