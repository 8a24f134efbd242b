package ui

import (
	"embed"
	"net/http"
	"strings"
)

// The graph explorer's own files (HTML, JS, CSS) are in explore/; cytoscape comes from
// the npm assets like GraphiQL.
//
//go:embed explore
var exploreFiles embed.FS

// Explorer serves the graph explorer at prefix (e.g. "/explore/").
func Explorer(prefix string) http.Handler {
	files := dirFiles(exploreFiles, "explore", prefix)
	page, _ := exploreFiles.ReadFile("explore/index.html")
	sri := sriHashes()
	html := templated(page, sri)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == strings.TrimSuffix(prefix, "/") || r.URL.Path == prefix || r.URL.Path == prefix+"index.html" {
			if sri["cytoscape.min.js"] == "" {
				assetsMissing(w, "explorer")
				return
			}
			writePage(w, html, "")
			return
		}
		files.ServeHTTP(w, r)
	})
}
