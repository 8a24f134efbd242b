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

type mechanismJSON struct {
	entry
	Kind       string
	UhriLabels []string
}

// Mechanisms returns the UPR, the treaty bodies and the special-procedure mandates, from
// mechanisms.json, in the file's order.
func Mechanisms() ([]Mechanism, error) {
	var f struct{ Mechanisms []mechanismJSON }
	if err := decode("mechanisms.json", &f); err != nil {
		return nil, err
	}
	labels := map[string]string{}
	return entries("mechanisms.json", "mechanism", f.Mechanisms, func(m mechanismJSON, names domain.Texts) (Mechanism, error) {
		kind := domain.MechanismKind(m.Kind)
		if m.Code == "" || !domain.Valid(kind, domain.MechanismKinds) {
			return Mechanism{}, fmt.Errorf("no code, or unknown kind %q", m.Kind)
		}
		for _, l := range m.UhriLabels {
			if other, dup := labels[l]; dup {
				return Mechanism{}, fmt.Errorf("UHRI label %q already belongs to %s", l, other)
			}
			labels[l] = m.Key
		}
		return Mechanism{Mechanism: domain.Mechanism{Key: m.Key, Code: strings.ToUpper(m.Code), Kind: kind, Names: names},
			UhriLabels: m.UhriLabels}, nil
	})
}
