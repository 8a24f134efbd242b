package domain

// The inputs that write follow-up actions and curated clusters (see practice_input.go for the
// pattern). The NMIRF a new action or cluster belongs to is resolved and checked first, by the
// service: the caller's rights depend on its State.

// FollowUpActionDraft is a new follow-up action; it answers exactly one of Recommendation and
// Cluster.
type FollowUpActionDraft struct {
	NMIRF           Ref
	Title           string
	Description     *string
	Recommendation  *Ref            // addressed to the NMIRF's State
	Cluster         *Ref            // one of the same NMIRF's
	LeadInstitution *Ref            // of the NMIRF's State
	Status          *FollowUpStatus // IN_PREPARATION when nil
	DueDate         *Date
	Indicator       *string
	ProgressNote    *string // a first note
}

// Validate checks the draft and fills the status's default.
func (d *FollowUpActionDraft) Validate() error {
	var p problems
	code := d.NMIRF.Node.State()
	p.text("input.title", &d.Title, 300)
	p.optText("input.description", d.Description, 5000)
	p.optText("input.indicator", d.Indicator, 1000)
	p.date("input.dueDate", d.DueDate)
	switch {
	case (d.Recommendation == nil) == (d.Cluster == nil):
		p.fail("input.recommendationId", "name exactly one of recommendationId and clusterId")
	case d.Recommendation != nil:
		if p.add(d.Recommendation.Active("input.recommendationId", KindRecommendation)) && !d.Recommendation.Node.AddressedTo(code) {
			p.fail("input.recommendationId", "the recommendation is not addressed to %s", code)
		}
	default:
		if p.add(d.Cluster.Active("input.clusterId", KindCuratedCluster)) && d.Cluster.Node.NMIRFKey != d.NMIRF.Key {
			p.fail("input.clusterId", "the cluster is another NMIRF's")
		}
	}
	checkLead(&p, d.LeadInstitution, code)
	p.newText("input.progressNote", d.ProgressNote, 5000)
	if d.Status == nil {
		d.Status = ptr(FollowUpStatus("IN_PREPARATION"))
	}
	return p.err()
}

// checkLead checks that a lead institution, when named, is active and of the State code.
func checkLead(p *problems, lead *Ref, code string) {
	if lead != nil && p.add(lead.Active("input.leadInstitutionId", KindInstitution)) {
		if st := lead.Node.State(); st != code {
			p.fail("input.leadInstitutionId", "the institution is %s's, not %s's", st, code)
		}
	}
}

// FollowUpActionPatch changes a follow-up action, or adds a progress note (notes are never
// rewritten).
type FollowUpActionPatch struct {
	Version         int
	Title           *string
	Description     *string
	LeadInstitution *Ref
	Status          *FollowUpStatus
	DueDate         *Date
	Indicator       *string
	ProgressNote    *string
}

// Validate checks the patch of an action of the State code.
func (d *FollowUpActionPatch) Validate(code string) error {
	var p problems
	p.newText("input.title", d.Title, 300)
	p.optText("input.description", d.Description, 5000)
	p.optText("input.indicator", d.Indicator, 1000)
	p.date("input.dueDate", d.DueDate)
	checkLead(&p, d.LeadInstitution, code)
	p.newText("input.progressNote", d.ProgressNote, 5000)
	return p.err()
}

// CuratedClusterDraft is a new curated cluster of an NMIRF's recommendations.
type CuratedClusterDraft struct {
	NMIRF           Ref
	Name            string
	Description     *string
	Recommendations []Ref // 1 to 500, addressed to the NMIRF's State
	Themes          []Ref
}

// Validate checks the draft.
func (d *CuratedClusterDraft) Validate() error {
	var p problems
	p.text("input.name", &d.Name, 200)
	p.optText("input.description", d.Description, 2000)
	checkClusterRecs(&p, d.Recommendations, d.NMIRF.Node.State())
	p.refs("input.themeIds", KindTheme, d.Themes)
	return p.err()
}

// checkClusterRecs checks a cluster's recommendations: 1 to 500, all addressed to code.
func checkClusterRecs(p *problems, recs []Ref, code string) {
	if len(recs) == 0 || len(recs) > MaxClusterSize {
		p.fail("input.recommendationIds", "name 1 to %d recommendations", MaxClusterSize)
	} else if p.refs("input.recommendationIds", KindRecommendation, recs) {
		p.addressedTo("input.recommendationIds", recs, code)
	}
}

// MaxClusterSize bounds the recommendations of a curated cluster.
const MaxClusterSize = 500

// CuratedClusterPatch changes a curated cluster.
type CuratedClusterPatch struct {
	Version         int
	Name            *string
	Description     *string
	Recommendations *[]Ref // nil: left as they are; replaces them all otherwise
	Themes          *[]Ref
}

// Validate checks the patch of a cluster of the State code.
func (d *CuratedClusterPatch) Validate(code string) error {
	var p problems
	p.newText("input.name", d.Name, 200)
	p.optText("input.description", d.Description, 2000)
	if d.Recommendations != nil {
		checkClusterRecs(&p, *d.Recommendations, code)
	}
	p.newRefs("input.themeIds", KindTheme, d.Themes)
	return p.err()
}
