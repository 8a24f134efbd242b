package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// RecommendationKey is the natural key of a recommendation: its UHRI annotation id when it
// has one; else its document and paragraph; else a hash of State, paragraph and text (paragraph
// numbers repeat across documents, and some records have neither).
func RecommendationKey(uhriID, documentKey, paragraph, stateCode, text string) string {
	switch {
	case uhriID != "":
		return "uhri-" + strings.ToLower(uhriID)
	case documentKey != "" && paragraph != "":
		return documentKey + "-p" + paragraph
	default:
		sum := sha256.Sum256([]byte(stateCode + "\x00" + paragraph + "\x00" + text))
		return "h-" + hex.EncodeToString(sum[:12])
	}
}

// ParagraphSortKey pads each number of a paragraph like "119.10" so that strings sort in
// natural order (119.2 before 119.10); parts that are not numbers are kept as they are.
func ParagraphSortKey(p string) string {
	if p == "" {
		return "~"
	}
	parts := strings.Split(p, ".")
	for i, x := range parts {
		if n, err := strconv.Atoi(x); err == nil {
			parts[i] = fmt.Sprintf("%06d", n)
		}
	}
	return strings.Join(parts, ".")
}

// SdgSortKey orders SDG codes numerically: 1.1 < 1.10 < 1.a; goals before their targets.
func SdgSortKey(code string) string {
	goal, target, _ := strings.Cut(code, ".")
	g, _ := strconv.Atoi(goal)
	if target == "" {
		return fmt.Sprintf("%02d", g)
	}
	if n, err := strconv.Atoi(target); err == nil {
		return fmt.Sprintf("%02d.%03d", g, n)
	}
	return fmt.Sprintf("%02d.z%s", g, target)
}
