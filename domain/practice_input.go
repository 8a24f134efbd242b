package domain

// The inputs that write good practices, with their validation. Every write input of the
// curation service follows the same pattern: a Draft creates, a Patch changes (nil fields are
// left as they are); Validate trims the texts, checks every field and reports all problems as
// an apperr.List naming the fields (`input.title`), in the order of the checks below. Refs are
// resolved by the service before Validate runs.

// PracticeDraft is a new good practice.
type PracticeDraft struct {
	Lang           Language // of Title and Summary; "" means English
	Title, Summary string
	State          Ref  // by code
	NMIRF          *Ref // the NMIRF whose practice it is, when it belongs to one
	PracticeDetails
	Status PracticeStatus // "" means DRAFT

	Themes, GuidanceDimensions, Recommendations, Sources []Ref
}

// Validate checks the draft and fills its defaults (language, status, empty lists).
func (d *PracticeDraft) Validate() error {
	var p problems
	p.text("input.title", &d.Title, 300)
	p.text("input.summary", &d.Summary, 5000)
	p.add(d.State.Exists("input.stateCode", KindState))
	if len(d.Capacities) == 0 {
		p.fail("input.capacities", "name at least one capacity")
	}
	p.year("input.periodStart", d.PeriodStart)
	p.year("input.periodEnd", d.PeriodEnd)
	if d.PeriodStart != nil && d.PeriodEnd != nil && *d.PeriodEnd < *d.PeriodStart {
		p.fail("input.periodEnd", "ends before it starts")
	}
	if d.Status == "ARCHIVED" {
		p.fail("input.status", "a new practice is DRAFT or PUBLISHED")
	}
	if d.NMIRF != nil && p.add(d.NMIRF.Active("input.nmirfId", KindNMIRF)) {
		if st := d.NMIRF.Node.State(); d.State.Key != "" && st != d.State.Key {
			p.fail("input.nmirfId", "the NMIRF is %s's, not %s's", st, d.State.Key)
		}
	}
	p.refs("input.themeIds", KindTheme, d.Themes)
	p.refs("input.guidanceDimensionIds", KindGuidanceDimension, d.GuidanceDimensions)
	p.refs("input.recommendationIds", KindRecommendation, d.Recommendations)
	p.refs("input.sourceIds", KindSource, d.Sources)
	d.Lang = orEnglish(d.Lang)
	if d.Status == "" {
		d.Status = "DRAFT"
	}
	d.Stakeholders, d.Tools = nonNil(d.Stakeholders), nonNil(d.Tools)
	return p.err()
}

// PracticePatch changes a good practice; nil fields (and nil lists) are left as they are.
type PracticePatch struct {
	Version        int
	Lang           Language // of Title and Summary; "" means English
	Title, Summary *string
	PracticeDetails
	Status *PracticeStatus

	Themes, GuidanceDimensions, Recommendations, Sources *[]Ref
}

// Validate checks the patch.
func (d *PracticePatch) Validate() error {
	var p problems
	p.newText("input.title", d.Title, 300)
	p.newText("input.summary", d.Summary, 5000)
	if d.Capacities != nil && len(d.Capacities) == 0 {
		p.fail("input.capacities", "name at least one capacity")
	}
	p.year("input.periodStart", d.PeriodStart)
	p.year("input.periodEnd", d.PeriodEnd)
	if d.Status != nil && *d.Status == "ARCHIVED" {
		p.fail("input.status", "use archiveGoodPractice to archive")
	}
	p.newRefs("input.themeIds", KindTheme, d.Themes)
	p.newRefs("input.guidanceDimensionIds", KindGuidanceDimension, d.GuidanceDimensions)
	p.newRefs("input.recommendationIds", KindRecommendation, d.Recommendations)
	p.newRefs("input.sourceIds", KindSource, d.Sources)
	d.Lang = orEnglish(d.Lang)
	return p.err()
}

func orEnglish(l Language) Language {
	if l == "" {
		return "EN"
	}
	return l
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
