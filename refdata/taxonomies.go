package refdata

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// Themes returns UHRI's themes (scheme UHRI, with its version), from themes.json, sorted by
// key. A parent is the hub team's grouping and is itself a theme of the file.
func Themes() ([]domain.Theme, error) {
	var f struct {
		Scheme, Version string
		Themes          []themeJSON
	}
	if err := decode("themes.json", &f); err != nil {
		return nil, err
	}
	out, err := entries("themes.json", "theme", f.Themes, func(t themeJSON, names domain.Texts) (domain.Theme, error) {
		v := f.Version
		return domain.Theme{Key: t.Key, Names: names, Scheme: f.Scheme, Version: &v, ParentKey: t.Parent}, nil
	})
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, t := range out {
		keys[t.Key] = true
	}
	for _, t := range out {
		if t.ParentKey != nil && !keys[*t.ParentKey] {
			return nil, fmt.Errorf("refdata/themes.json: theme %s: unknown parent %q", t.Key, *t.ParentKey)
		}
	}
	return out, nil
}

type themeJSON struct {
	entry
	Parent *string
}

// AffectedGroups returns UHRI's "affected persons" labels, from affected-groups.json, sorted
// by key.
func AffectedGroups() ([]domain.AffectedGroup, error) {
	var f struct{ Groups []entry }
	if err := decode("affected-groups.json", &f); err != nil {
		return nil, err
	}
	return entries("affected-groups.json", "group", f.Groups, func(g entry, names domain.Texts) (domain.AffectedGroup, error) {
		return domain.AffectedGroup{Key: g.Key, Names: names}, nil
	})
}

// SDGs returns the 17 goals and the targets UHRI uses, from sdgs.json, each in number order.
// A target's code starts with its goal's ("16.2" of goal "16").
func SDGs() ([]domain.SdgGoal, []domain.SdgTarget, error) {
	var f struct {
		Goals   []entry
		Targets []targetJSON
	}
	if err := decode("sdgs.json", &f); err != nil {
		return nil, nil, err
	}
	goalCodes := map[string]bool{}
	goals, err := entries("sdgs.json", "goal", f.Goals, func(g entry, names domain.Texts) (domain.SdgGoal, error) {
		if n, err := strconv.Atoi(g.Code); err != nil || n < 1 || n > 17 || strconv.Itoa(n) != g.Code {
			return domain.SdgGoal{}, fmt.Errorf("not a number from 1 to 17")
		}
		goalCodes[g.Code] = true
		return domain.SdgGoal{Code: g.Code, Names: names}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	targets, err := entries("sdgs.json", "target", f.Targets, func(t targetJSON, names domain.Texts) (domain.SdgTarget, error) {
		if goal, rest, _ := strings.Cut(t.Code, "."); goal != t.Goal || rest == "" || !goalCodes[goal] {
			return domain.SdgTarget{}, fmt.Errorf("not a target of a listed goal %q", t.Goal)
		}
		return domain.SdgTarget{Code: t.Code, GoalCode: t.Goal, Names: names}, nil
	})
	return goals, targets, err
}

type targetJSON struct {
	entry
	Goal string
}
