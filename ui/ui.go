// Package ui serves the browser pages: the GraphiQL playground, whose JavaScript and CSS
// are copied from npm packages at build time (make assets) and embedded in the binary, so
// the page works offline and on networks that block CDNs.
package ui

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

// assets holds ui/assets; "all:" keeps the committed .gitkeep so the package compiles
// before the npm step has run.
//
//go:embed all:assets
var assets embed.FS

// Assets serves the embedded asset files under prefix.
func Assets(prefix string) http.Handler {
	sub, _ := fs.Sub(assets, "assets")
	fsrv := http.StripPrefix(prefix, http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The files are named by package version, so browsers may keep them for a day.
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsrv.ServeHTTP(w, r)
	})
}

// Playground serves GraphiQL for the GraphQL endpoint, loading its scripts from /assets/
// with the Subresource Integrity hashes computed when the assets were copied.
func Playground(endpoint string) http.Handler {
	raw, err := assets.ReadFile("assets/sri.json")
	var sri map[string]string
	if err == nil {
		err = json.Unmarshal(raw, &sri)
	}
	if err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "The playground's assets were not built into this binary: run `make assets` and rebuild.", http.StatusServiceUnavailable)
		})
	}
	return playground.Handler("NMIRF Knowledge Hub — GraphQL playground", endpoint,
		playground.WithGraphiqlVersion("/assets/graphiql.min.js", "/assets/graphiql.min.css",
			sri["graphiql.min.js"], sri["graphiql.min.css"]),
		playground.WithGraphiqlReactVersion("/assets/react.production.min.js", "/assets/react-dom.production.min.js",
			sri["react.production.min.js"], sri["react-dom.production.min.js"]),
		// The explorer plugin would load its own files from a CDN.
		playground.WithGraphiqlEnablePluginExplorer(false),
		playground.WithGraphiqlPersistStateInURL(true),
	)
}
