package store

// The links compiled reads follow (tree.go), each described once. The batched lookups of the
// same links (NMIRFsByStates, ThemesOfPractices, …) are written from these descriptions too.

var (
	// StateNMIRFs: a State's NMIRFs (archived ones left out), by name.
	StateNMIRFs = &Link{name: "NMIRFs of States", fromLabel: "State", fromKey: "code",
		match: "(n:NMIRF)-[:OF_STATE]->(%[1]s) WHERE n.archivedAt IS NULL", as: "n", projection: nmirfProjection,
		toKey: "key", order: "n.name, n.key", decode: decoder(decodeNMIRF)}
	// StatePractices: the good practices of a State the caller may see, by key.
	StatePractices = practicesVia("practices of States", "State", "code", "(x:GoodPractice)-[:IN_STATE]->(%[1]s)")
	// NMIRFPractices: an NMIRF's good practices the caller may see, by key.
	NMIRFPractices = practicesVia("practices of NMIRFs", "NMIRF", "key", "(x:GoodPractice)-[:BY_NMIRF]->(%[1]s)")
	// ThemePractices, DimensionPractices and RecommendationPractices: the good practices the
	// caller may see on a theme, showing a guidance dimension, addressing a recommendation.
	ThemePractices          = practicesVia("practices of themes", "Theme", "key", "(x:GoodPractice)-[:ON_THEME]->(%[1]s)")
	DimensionPractices      = practicesVia("practices of dimensions", "GuidanceDimension", "key", "(x:GoodPractice)-[:SHOWS_DIMENSION]->(%[1]s)")
	RecommendationPractices = practicesVia("practices of recommendations", "Recommendation", "key", "(x:GoodPractice)-[:ADDRESSES]->(%[1]s)")
	// PracticeThemes: a practice's themes, by English name.
	PracticeThemes = &Link{name: "themes of practices", fromLabel: "GoodPractice", fromKey: "key",
		match: "(%[1]s)-[:ON_THEME]->(x:Theme)", as: "x", projection: themeProjection, parts: themeParts, toKey: "key", order: "x.name_en, x.key",
		decode: decoder(decodeTheme)}
	// PracticeRecommendations: the recommendations a practice addresses, in document order.
	PracticeRecommendations = &Link{name: "recommendations of practices", fromLabel: "GoodPractice", fromKey: "key",
		match: "(%[1]s)-[:ADDRESSES]->(r:Recommendation)", as: "r", projection: recommendationProjection, parts: recommendationParts, toKey: "key",
		order: "r.sk_para, r.key", decode: decoder(decodeRecommendation)}
	// RecommendationMechanism: the mechanism that issued a recommendation (at most one).
	RecommendationMechanism = &Link{name: "mechanisms of recommendations", fromLabel: "Recommendation", fromKey: "key",
		match: "(x:Mechanism {key: %[1]s.mechanismKey})", as: "x", projection: mechanismProjection, toKey: "key",
		order: "x.key", decode: decoder(decodeMechanism)}
	// RecommendationStates and RecommendingStates: the States a recommendation is addressed
	// to, and those that made it, by code.
	RecommendationStates             = statesVia("States addressed", "(%[1]s)-[:ADDRESSED_TO]->(s:State)")
	RecommendationRecommendingStates = statesVia("recommending States", "(%[1]s)-[:RECOMMENDED_BY]->(s:State)")
	// RecommendationThemes: a recommendation's themes, by English name.
	RecommendationThemes = &Link{name: "themes of recommendations", fromLabel: "Recommendation", fromKey: "key",
		match: "(%[1]s)-[:HAS_THEME]->(x:Theme)", as: "x", projection: themeProjection, parts: themeParts, toKey: "key", order: "x.name_en, x.key",
		decode: decoder(decodeTheme)}
)

// practicesVia is a link to the good practices the caller may see, by key.
func practicesVia(name, fromLabel, fromKey, match string) *Link {
	return &Link{name: name, fromLabel: fromLabel, fromKey: fromKey, match: match + " WHERE " + visibleToCaller,
		as: "x", projection: practiceProjection, parts: practiceParts, toKey: "key", order: "x.key", visible: true, decode: decoder(decodePractice)}
}

// statesVia is a link from a recommendation to States, by code.
func statesVia(name, match string) *Link {
	return &Link{name: name, fromLabel: "Recommendation", fromKey: "key", match: match, as: "s", projection: stateProjection,
		toKey: "code", order: "s.code", decode: decoder(decodeState)}
}
