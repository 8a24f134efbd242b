package refdata

import (
	"strings"
	"testing"

	"github.com/nmirf-hub/hub/domain"
)

func TestTablesParseWithTheirCounts(t *testing.T) {
	seed, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	members := 0
	for _, s := range seed.States {
		if s.Item.UnMember {
			members++
		}
	}
	all, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	labels := 0
	for _, m := range all.Mechanisms {
		labels += len(m.UhriLabels)
	}
	for name, got := range map[string][2]int{
		"States":             {len(seed.States), 195},
		"UN member States":   {members, 193},
		"mechanisms":         {len(seed.Mechanisms), 68},
		"UHRI body labels":   {labels, 70},
		"themes":             {len(seed.Themes), 104},
		"affected groups":    {len(seed.AffectedGroups), 35},
		"SDG goals":          {len(seed.SdgGoals), 17},
		"SDG targets":        {len(seed.SdgTargets), 164},
		"reference sources":  {len(seed.Sources), 2},
		"taxonomies' source": {len(seed.ReferenceSourceKeys), 1},
	} {
		if got[0] != got[1] {
			t.Errorf("%s: %d, want %d", name, got[0], got[1])
		}
	}
}

// Every fact names its source: the keys the tables use are sources of sources.json.
func TestEverySourceKeyIsASource(t *testing.T) {
	seed, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, s := range seed.Sources {
		known[s.Key] = true
	}
	used := append([]string{}, seed.ReferenceSourceKeys...)
	for _, s := range seed.States {
		used = append(used, s.SourceKeys...)
	}
	for _, k := range used {
		if !known[k] {
			t.Errorf("source %q is not in sources.json", k)
		}
	}
}

func TestParseStatesNamesTheLine(t *testing.T) {
	const header = "iso3,iso2,name_en,un_member,un_regional_group\n"
	for body, want := range map[string]string{
		"AFG,AF,Afghanistan,maybe,ASIA_PACIFIC\n":                                      "line 2: field un_member",
		"AFG,AF,Afghanistan,true,ASIA_PACIFIC\nALB,AF,Albania,true,EASTERN_EUROPEAN\n": "line 3: code AF listed twice",
		"afg,AF,Afghanistan,true,ASIA_PACIFIC\n":                                       "line 2: bad iso3/iso2/name",
		"AFG,AF,Afghanistan,true,NOWHERE\n":                                            "line 2: field un_regional_group",
	} {
		_, err := parseStates(strings.NewReader(header + body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error = %v; want %q", body, err, want)
		}
	}
}

// Every item has a key listed once and an English name; an error names the file and the item.
func TestEntriesNeedAKeyOnceAndEnglish(t *testing.T) {
	keep := func(e entry, names domain.Texts) (domain.Texts, error) { return names, nil }
	if got, err := entries("f.json", "theme", []entry{{Key: "a", Name: map[string]string{"en": "A", "FR": "A"}}}, keep); err != nil || got[0]["FR"] != "A" {
		t.Fatalf("entries = %v, %v", got, err)
	}
	for want, items := range map[string][]entry{
		`refdata/f.json: theme "a": no key, or listed twice`: {{Key: "a", Name: map[string]string{"en": "A"}}, {Key: "a", Name: map[string]string{"en": "A"}}},
		`refdata/f.json: theme "": no key, or listed twice`:  {{Name: map[string]string{"en": "A"}}},
		`refdata/f.json: theme "b": unknown language "xx"`:   {{Key: "b", Name: map[string]string{"en": "B", "xx": "B"}}},
		`refdata/f.json: theme "c": no text in EN`:           {{Key: "c", Name: map[string]string{"fr": "C"}}},
	} {
		if _, err := entries("f.json", "theme", items, keep); err == nil || err.Error() != want {
			t.Errorf("error = %v; want %q", err, want)
		}
	}
}
