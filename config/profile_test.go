package config

import "testing"

// Production turns "Did you mean" suggestions (and introspection) off unless set explicitly.
func TestProductionTurnsSuggestionsOff(t *testing.T) {
	env := map[string]string{"HUB_PROFILE": "production"}
	c, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Suggestions || c.Introspection {
		t.Errorf("production: suggestions %v, introspection %v; want both off", c.Suggestions, c.Introspection)
	}
	env["GRAPHQL_SUGGESTIONS"] = "true"
	if c, _ = Load(func(k string) string { return env[k] }); !c.Suggestions {
		t.Errorf("GRAPHQL_SUGGESTIONS=true in production is not honoured")
	}
}
