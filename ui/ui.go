// Package ui serves the browser pages: the GraphiQL playground, whose JavaScript and CSS
// are copied from npm packages at build time (make assets) and embedded in the binary, so
// the page works offline and on networks that block CDNs.
package ui

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"strings"
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

// The playground page and its script are ours (ui/playground/): GraphiQL with the hub's
// example operations as tabs and the query kept in the address bar for sharing.
//
//go:embed playground
var playgroundFiles embed.FS

// Playground serves GraphiQL, loading its scripts from /assets/ with the Subresource
// Integrity hashes computed when the assets were copied.
func Playground() http.Handler {
	sri := sriHashes()
	if sri == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { assetsMissing(w, "playground") })
	}
	page, _ := playgroundFiles.ReadFile("playground/index.html")
	html := templated(page, sri)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writePage(w, html, "; font-src 'self' data:; worker-src 'self' blob:")
	})
}

// PlaygroundScript serves the playground's own script.
func PlaygroundScript(prefix string) http.Handler {
	return dirFiles(playgroundFiles, "playground", prefix)
}

// The script the hub's own pages share (ui/shared/gql.js: the explorer's and the State
// page's call to /graphql).
//
//go:embed shared
var sharedFiles embed.FS

// SharedFiles serves the pages' shared scripts under prefix (e.g. "/shared/").
func SharedFiles(prefix string) http.Handler { return dirFiles(sharedFiles, "shared", prefix) }

// dirFiles serves the embedded folder dir of files under prefix.
func dirFiles(files embed.FS, dir, prefix string) http.Handler {
	sub, _ := fs.Sub(files, dir)
	return http.StripPrefix(prefix, http.FileServerFS(sub))
}

// pageCSP is the Content-Security-Policy of the pages: everything from the hub itself.
const pageCSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

// writePage answers with one of the pages (HTML already templated), under pageCSP plus the
// page's own additions.
func writePage(w http.ResponseWriter, html string, cspExtra string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pageCSP+cspExtra)
	_, _ = w.Write([]byte(html))
}

// assetsMissing answers 503 for a page whose npm assets were not built into this binary.
func assetsMissing(w http.ResponseWriter, page string) {
	http.Error(w, "The "+page+"'s assets were not built into this binary: run `make assets` and rebuild.", http.StatusServiceUnavailable)
}

// sriHashes reads the Subresource Integrity hashes written when the assets were copied;
// nil when the assets were not built into this binary.
func sriHashes() map[string]string {
	raw, err := assets.ReadFile("assets/sri.json")
	if err != nil {
		return nil
	}
	var sri map[string]string
	if json.Unmarshal(raw, &sri) != nil {
		return nil
	}
	return sri
}

// templated fills {{name}} placeholders of a page with the assets' hashes.
func templated(page []byte, sri map[string]string) string {
	html := string(page)
	for file, hash := range sri {
		html = strings.ReplaceAll(html, "{{"+file+"}}", hash)
	}
	return html
}
