package demo

import (
	"encoding/json"
	"fmt"

	"github.com/nmirf-hub/hub/domain"
)

// textsJSON is a text by language code, {"en": …, "es": …}, as the data files write it.
type textsJSON map[string]string

// texts converts t into domain texts, refusing unknown language codes and a missing English
// text.
func (t textsJSON) texts(what string) (domain.Texts, error) {
	out, err := domain.ParseTexts(t, "EN")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// decodeStrict reads data/name into v.
func decodeStrict(name string, v any) error {
	raw, err := files.ReadFile("data/" + name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("data/%s: %w", name, err)
	}
	return nil
}
