package refdata

import (
	"fmt"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

// Mechanism is a body that issues recommendations, with the labels UHRI gives it.
type Mechanism struct {
	domain.Mechanism
	// UhriLabels are the exact body labels of OHCHR's UHRI export (its Body field without
	// "- "); each of UHRI's labels belongs to exactly one mechanism.
	UhriLabels []string
}

// Mechanisms returns the UPR, the treaty bodies and the special-procedure mandates, from
// mechanisms.json, in the file's order.
func Mechanisms() ([]Mechanism, error) {
	var f struct {
		Mechanisms []struct {
			Key, Code, Kind string
			Name            map[string]string
			UhriLabels      []string
		}
	}
	if err := decode("mechanisms.json", &f); err != nil {
		return nil, err
	}
	out := make([]Mechanism, 0, len(f.Mechanisms))
	keys, labels := map[string]bool{}, map[string]string{}
	for _, m := range f.Mechanisms {
		n, err := keyedNames("refdata/mechanisms.json: mechanism", m.Key, m.Name, keys)
		if err != nil {
			return nil, err
		}
		kind := domain.MechanismKind(m.Kind)
		if m.Code == "" || !domain.Valid(kind, domain.MechanismKinds) {
			return nil, fmt.Errorf("refdata/mechanisms.json: mechanism %s: no code, or unknown kind %q", m.Key, m.Kind)
		}
		for _, l := range m.UhriLabels {
			if other, dup := labels[l]; dup {
				return nil, fmt.Errorf("refdata/mechanisms.json: mechanism %s: UHRI label %q already belongs to %s", m.Key, l, other)
			}
			labels[l] = m.Key
		}
		out = append(out, Mechanism{Mechanism: domain.Mechanism{Key: m.Key, Code: strings.ToUpper(m.Code), Kind: kind, Names: n},
			UhriLabels: m.UhriLabels})
	}
	return out, nil
}
