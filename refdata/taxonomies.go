package refdata

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// keyedNames checks an item's key (present, not listed before) and reads its names.
func keyedNames(what, key string, byCode map[string]string, seen map[string]bool) (domain.Texts, error) {
	what += " " + key
	if key == "" || seen[key] {
		return nil, fmt.Errorf("%s: no key, or listed twice", what)
	}
	seen[key] = true
	return names(what, byCode)
}

// Themes returns UHRI's themes (scheme UHRI, with its version), from themes.json, sorted by
// key. A parent is the hub team's grouping and is itself a theme of the file.
func Themes() ([]domain.Theme, error) {
	var f struct {
		Scheme, Version string
		Themes          []struct {
			Key    string
			Name   map[string]string
			Parent *string
		}
	}
	if err := decode("themes.json", &f); err != nil {
		return nil, err
	}
	out := make([]domain.Theme, 0, len(f.Themes))
	keys := map[string]bool{}
	for _, t := range f.Themes {
		n, err := keyedNames("refdata/themes.json: theme", t.Key, t.Name, keys)
		if err != nil {
			return nil, err
		}
		v := f.Version
		out = append(out, domain.Theme{Key: t.Key, Names: n, Scheme: f.Scheme, Version: &v, ParentKey: t.Parent})
	}
	for _, t := range out {
		if t.ParentKey != nil && !keys[*t.ParentKey] {
			return nil, fmt.Errorf("refdata/themes.json: theme %s: unknown parent %q", t.Key, *t.ParentKey)
		}
	}
	return out, nil
}

// AffectedGroups returns UHRI's "affected persons" labels, from affected-groups.json, sorted
// by key.
func AffectedGroups() ([]domain.AffectedGroup, error) {
	var f struct {
		Groups []struct {
			Key  string
			Name map[string]string
		}
	}
	if err := decode("affected-groups.json", &f); err != nil {
		return nil, err
	}
	out := make([]domain.AffectedGroup, 0, len(f.Groups))
	keys := map[string]bool{}
	for _, g := range f.Groups {
		n, err := keyedNames("refdata/affected-groups.json: group", g.Key, g.Name, keys)
		if err != nil {
			return nil, err
		}
		out = append(out, domain.AffectedGroup{Key: g.Key, Names: n})
	}
	return out, nil
}

// SDGs returns the 17 goals and the targets UHRI uses, from sdgs.json, each in number order.
// A target's code starts with its goal's ("16.2" of goal "16").
func SDGs() ([]domain.SdgGoal, []domain.SdgTarget, error) {
	var f struct {
		Goals []struct {
			Code string
			Name map[string]string
		}
		Targets []struct {
			Code, Goal string
			Name       map[string]string
		}
	}
	if err := decode("sdgs.json", &f); err != nil {
		return nil, nil, err
	}
	codes := map[string]bool{}
	goals := make([]domain.SdgGoal, 0, len(f.Goals))
	for _, g := range f.Goals {
		if n, err := strconv.Atoi(g.Code); err != nil || n < 1 || n > 17 || strconv.Itoa(n) != g.Code {
			return nil, nil, fmt.Errorf("refdata/sdgs.json: goal %q is not a number from 1 to 17", g.Code)
		}
		n, err := keyedNames("refdata/sdgs.json: goal", g.Code, g.Name, codes)
		if err != nil {
			return nil, nil, err
		}
		goals = append(goals, domain.SdgGoal{Code: g.Code, Names: n})
	}
	targets := make([]domain.SdgTarget, 0, len(f.Targets))
	for _, t := range f.Targets {
		if goal, rest, _ := strings.Cut(t.Code, "."); goal != t.Goal || rest == "" || !codes[goal] {
			return nil, nil, fmt.Errorf("refdata/sdgs.json: target %q is not a target of a listed goal %q", t.Code, t.Goal)
		}
		n, err := keyedNames("refdata/sdgs.json: target", t.Code, t.Name, codes)
		if err != nil {
			return nil, nil, err
		}
		targets = append(targets, domain.SdgTarget{Code: t.Code, GoalCode: t.Goal, Names: n})
	}
	return goals, targets, nil
}
