package store

// What a recommendation asks of an NMIRF, read from its words, for peer suggestions (peers.go):
// most recommendations carry no theme (a researcher's UPR file has none), but many ask for
// something one of the NMIRF capacities (OHCHR practical guide, HR/PUB/16/1) or the Marrakech
// Guidance Framework's dimensions is about: to cooperate with the treaty bodies, consult civil
// society, collect data, follow up recommendations, link them to the SDGs. A practice meets a
// need when it shows the need's dimension or has its capacity.
//
// The patterns are the project's own reading of recommendation wording, in the languages
// recommendation texts come in (English, Spanish, French). They are Java regular expressions
// (Cypher's =~ matches the whole text, hence the leading and trailing .*); they look for a
// phrase, not a word that happens to occur, so each needs a few words of context ("cooperate
// with the human rights mechanisms", not "cooperation"). TestPeerNeedsReadRecommendations
// checks them on sample wording.

// peerNeed is one need, with the dimension (GuidanceDimension key) and the capacity
// (domain.Capacities) that meet it; either may be empty.
type peerNeed struct {
	Key        string
	Name       string // in words, for the reason
	Dimension  string
	Capacity   string
	Pattern    string
	LinkedSDGs bool // a recommendation linked to an SDG has the need too
}

var peerNeeds = []peerNeed{
	{Key: "engagement", Name: "engagement with the human rights mechanisms", Capacity: "ENGAGEMENT",
		Pattern: `treaty bod|special procedures?\b|special rapporteurs?\b|standing invitation|overdue reports?|` +
			`cooperat\w*( fully| closely| further)? with (the )?(united nations |un |international |regional )?(human rights )?(mechanisms|procedures|bodies|system|treaty)|` +
			`órganos? (creados en virtud )?de (los )?tratados|procedimientos especiales|relator(a|es)? especial|invitación (abierta y )?permanente|informes? (periódicos? )?(pendientes|atrasados)|` +
			`organes? (des|de) traités|organes conventionnels|procédures spéciales|rapporteur spécial|invitation permanente|rapports? (périodiques? )?en retard`},
	{Key: "consultation", Name: "consultation of civil society and the national human rights institution", Dimension: "stakeholder-engagement", Capacity: "CONSULTATION",
		Pattern: `\bconsult\w*|(cooperat|dialogue|engag|involv|participat|partner|collaborat|work)\w*( \S+){0,6} (civil society|non-governmental organi[sz]ations|ngos?\b|national human rights institutions?)|(civil society|ngos?)( \S+){0,2} (participation|involvement|engagement)|` +
			`(cooper|diálogo|particip|colabor|involucr|trabaj)\w*( \S+){0,6} (sociedad civil|organizaciones no gubernamentales|ong\b|institución nacional de derechos humanos)|participación de la sociedad civil|` +
			`(coopér|dialogue|particip|collabor|associ|concert)\w*( \S+){0,6} (société civile|organisations non gouvernementales|ong\b|institution nationale des droits)|participation de la société civile`},
	{Key: "data", Name: "data, statistics and indicators", Dimension: "it-systems-and-data-management", Capacity: "INFORMATION_MANAGEMENT",
		Pattern: `\bdata\b|statistic|indicators?\b|database|disaggregat|information system|` +
			`\bdatos\b|estadístic|indicador|desglosad|sistema de información|` +
			`données|statistique|indicateur|ventilées|système d'information`},
	{Key: "follow-up", Name: "coordinated follow-up of recommendations", Dimension: "organisation-and-working-methods", Capacity: "COORDINATION",
		Pattern: `follow[- ]up\w*( \S+){0,8} (recommendations|universal periodic review|upr)\b|implement\w* (of )?(the |all )?(accepted |supported |upr |these )?recommendations|coordinat\w* (among|between|of) (the )?(ministries|government|institutions|agencies|state)|inter-?ministerial|inter-?institutional|` +
			`seguimiento (de|a) (las )?recomendaciones|seguimiento del examen|mecanismo (nacional )?de seguimiento|(aplicación|implementación) de las recomendaciones|coordinación (entre|interinstitucional)|interinstitucional|interministerial|` +
			`suivi des recommandations|suivi de l'examen|mécanisme (national )?de suivi|mise en (œ|oe)uvre des recommandations|coordination (entre|interministérielle)|interministériel`},
	{Key: "sdgs", Name: "the Sustainable Development Goals", Dimension: "human-rights-and-sdgs", LinkedSDGs: true,
		Pattern: `(sustainable|millennium) development goals?|2030 agenda|agenda 2030|\b[sm]dgs?( \d+)?\b|` +
			`objetivos? de desarrollo (sostenible|del milenio)|\bods\b|` +
			`objectifs? (de développement durable|du millénaire)|\bodd\b|\bomd\b`},
	{Key: "mechanism", Name: "a national mechanism for implementation, reporting and follow-up", Dimension: "legal-basis-and-mandate",
		Pattern: `national mechanisms? for (the )?(implementation|reporting|follow)|standing national mechanism|` +
			`mecanismo nacional (permanente )?de (implementación|aplicación|presentación|elaboración|seguimiento)|` +
			`mécanisme national (permanent )?(de|d'|chargé de) ?(mise en|suivi|présentation|établissement|l'élaboration)`},
}

// peerNeedParams is the table as a Cypher parameter; a pattern matches anywhere in the text,
// whatever the case.
func peerNeedParams() []any {
	out := make([]any, len(peerNeeds))
	for i, n := range peerNeeds {
		out[i] = map[string]any{"key": n.Key, "dimension": n.Dimension, "capacity": n.Capacity,
			"pattern": `(?isU).*(` + n.Pattern + `).*`, "sdg": n.LinkedSDGs}
	}
	return out
}

// peerNeedName is a need's name in words ("" for an unknown key).
func peerNeedName(key string) string {
	for _, n := range peerNeeds {
		if n.Key == key {
			return n.Name
		}
	}
	return ""
}
