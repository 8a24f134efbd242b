package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/store"
)

// The explorer names every link between entities in every language it offers besides English
// (English falls back to the type in words, "member of"): a link type without a name would
// show in English on an Arabic page.
func TestExplorerNamesEveryLinkTypeInEveryLanguage(t *testing.T) {
	src, err := exploreFiles.ReadFile("explore/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	// Each language's table starts with "  XX: {" at two spaces of indent; its link names are
	// in "rels: { … }".
	langs := regexp.MustCompile(`(?m)^  ([A-Z]{2}): \{$`).FindAllStringSubmatchIndex(string(src), -1)
	if len(langs) != 6 {
		t.Fatalf("found %d language tables in i18n.js, want the six UN languages", len(langs))
	}
	keys := regexp.MustCompile(`\b([A-Z][A-Z_]+):`)
	for i, l := range langs {
		lang := string(src[l[2]:l[3]])
		end := len(src)
		if i+1 < len(langs) {
			end = langs[i+1][0]
		}
		block := string(src[l[1]:end])
		start := strings.Index(block, "rels: {")
		if lang == "EN" {
			continue
		}
		if start < 0 {
			t.Errorf("%s has no link names (rels)", lang)
			continue
		}
		rels := block[start : start+strings.Index(block[start:], "}")]
		var named []string
		for _, m := range keys.FindAllStringSubmatch(rels, -1) {
			named = append(named, m[1])
		}
		for _, typ := range store.LinkTypes {
			if !slices.Contains(named, typ) {
				t.Errorf("%s names no %s link", lang, typ)
			}
		}
	}
}
