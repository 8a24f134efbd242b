package ui

import (
	"embed"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
)

// The State profile page (/state/{CODE}) is ours (ui/state/): one page for every State that
// asks /graphql for the State's data; Chart.js comes from the npm assets like GraphiQL.
//
//go:embed state
var stateFiles embed.FS

var stateCode = regexp.MustCompile(`^[A-Za-z]{3}$`)

// StatePage serves the State profile page for GET /state/{code}; the code is read by the
// page's script from the address, so the server only checks its form.
func StatePage() http.Handler {
	page, _ := stateFiles.ReadFile("state/index.html")
	sri := sriHashes()
	html := templated(page, sri)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := r.PathValue("code")
		if !stateCode.MatchString(code) {
			http.NotFound(w, r)
			return
		}
		if upper := strings.ToUpper(code); upper != code {
			target := "/state/" + upper
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		if sri["chart.umd.min.js"] == "" {
			http.Error(w, "The State page's assets were not built into this binary: run `make assets` and rebuild.", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
		_, _ = w.Write([]byte(html))
	})
}

// StateFiles serves the State page's script and style sheet under prefix (e.g. "/state/_/").
func StateFiles(prefix string) http.Handler {
	sub, _ := fs.Sub(stateFiles, "state")
	return http.StripPrefix(prefix, http.FileServerFS(sub))
}
