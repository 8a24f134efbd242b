package curation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/curation"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/testenv"
)

// The service's own tests, against the test Neo4j. They write for Iceland (ISL), which the
// counting tests leave alone; every record they make has a key of its own.

// as is a context whose caller has role, for the State (or every State when "").
func as(role domain.Role, state string) context.Context {
	return domain.WithPrincipal(context.Background(), domain.Principal{TokenID: fmt.Sprint("test-", role, state), Name: "curation test", Role: role, StateCode: state})
}

var (
	admin     = as(domain.RoleAdmin, "")
	editorISL = as(domain.RoleEditor, "ISL")
	editorMAR = as(domain.RoleEditor, "MAR")
	viewer    = as(domain.RoleViewer, "")
)

// codeOf is the code of a top-level error ("" for none or input problems).
func codeOf(err error) apperr.Code {
	if _, top := apperr.Problems(err); top != nil {
		return apperr.CodeOf(top)
	}
	return ""
}

// problems lists "CODE field" for each input problem of err.
func problems(t *testing.T, err error) []string {
	t.Helper()
	ps, top := apperr.Problems(err)
	if top != nil {
		t.Fatalf("top-level error %v; want input problems", top)
	}
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprint(p.Code, " ", p.Field))
	}
	return out
}

func want(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("problems\n  %v\nwant\n  %v", got, want)
	}
}

func str(s string) *string { return &s }

// fixture is an active and an archived NMIRF of Iceland.
func fixture(t *testing.T, svc *curation.Service) (active, archived *domain.NMIRF) {
	t.Helper()
	tag := time.Now().UnixNano()
	active, err := svc.CreateNMIRF(editorISL, domain.NMIRFDraft{State: domain.NewRef("isl"), NMIRFFields: domain.NMIRFFields{Name: str(fmt.Sprint("Service test NMIRF ", tag))}})
	if err != nil || active == nil {
		t.Fatalf("create: %v", err)
	}
	gone, err := svc.CreateNMIRF(editorISL, domain.NMIRFDraft{State: domain.NewRef("ISL"), NMIRFFields: domain.NMIRFFields{Name: str(fmt.Sprint("Service test NMIRF, archived ", tag))}})
	if err != nil {
		t.Fatal(err)
	}
	if archived, err = svc.ArchiveNMIRF(editorISL, gone.ID(), gone.Version); err != nil || archived.ArchivedAt == nil {
		t.Fatalf("archive: %+v %v", archived, err)
	}
	return active, archived
}

// A caller learns nothing of the input before the rights check: not its problems, not whether
// the nodes it names exist.
func TestAuthorizationComesBeforeValidation(t *testing.T) {
	svc := curation.New(testenv.Store(t))
	n, _ := fixture(t, svc)
	unknownSource := []domain.Ref{domain.NewRef(domain.GlobalID(domain.KindSource, "no-such-source"))}
	bad := domain.NMIRFDraft{State: domain.NewRef("ISL"), NMIRFFields: domain.NMIRFFields{Name: str(" "), NMIRFDetails: domain.NMIRFDetails{Website: str("ftp://x")}}, Sources: unknownSource}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want apperr.Code
	}{{"anonymous", context.Background(), apperr.Unauthenticated}, {"viewer", viewer, apperr.Forbidden}, {"editor of another State", editorMAR, apperr.Forbidden}} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.CreateNMIRF(tc.ctx, bad)
			_, err2 := svc.UpdateNMIRF(tc.ctx, n.ID(), domain.NMIRFPatch{Version: n.Version, NMIRFFields: domain.NMIRFFields{NMIRFDetails: domain.NMIRFDetails{Website: str("nope")}}, Sources: &unknownSource})
			_, err3 := svc.CreateFollowUpAction(tc.ctx, domain.FollowUpActionDraft{NMIRF: domain.NewRef(n.ID()), Title: "",
				LeadInstitution: domain.OptRef(str(domain.GlobalID(domain.KindInstitution, "no-such-institution")))})
			for _, err := range []error{err, err2, err3} {
				if codeOf(err) != tc.want {
					t.Errorf("%v; want %s before any input problem", err, tc.want)
				}
			}
		})
	}
	// Memberships are for administrators only, even for the NMIRF's own editors.
	if _, err := svc.CreateMembership(editorISL, domain.MembershipDraft{NMIRF: domain.NewRef(n.ID())}); codeOf(err) != apperr.Forbidden {
		t.Errorf("membership by an editor: %v", err)
	}
	// The one thing learnt before the rights check is whether the node written exists: its
	// State decides the rights.
	if _, err := svc.UpdateNMIRF(editorMAR, domain.GlobalID(domain.KindNMIRF, "no-such-nmirf"), domain.NMIRFPatch{}); codeOf(err) != "" {
		t.Errorf("unknown NMIRF: %v", err)
	}
}

// Every node an input names is checked the same way: a bad ID is BAD_USER_INPUT, an unknown
// node NOT_FOUND, an archived one BAD_USER_INPUT, each naming its field — and every problem
// is reported at once, in the order of the fields.
func TestReferencesAreCheckedOneWay(t *testing.T) {
	st := testenv.Store(t)
	svc := curation.New(st)
	n, archived := fixture(t, svc)
	theme := domain.GlobalID(domain.KindTheme, "right-to-education")
	_, err := svc.CreatePractice(editorISL, domain.PracticeDraft{Title: "t", Summary: " ", State: domain.NewRef("ISL"), PracticeDetails: domain.PracticeDetails{Capacities: []domain.Capacity{"ENGAGEMENT"}},
		NMIRF:  domain.OptRef(str(archived.ID())),
		Themes: domain.NewRefs([]string{theme, "not-an-id", domain.GlobalID(domain.KindTheme, "no-such-theme"), n.ID()})})
	want(t, problems(t, err), "BAD_USER_INPUT input.summary", "BAD_USER_INPUT input.nmirfId",
		"BAD_USER_INPUT input.themeIds[1]", "NOT_FOUND input.themeIds[2]", "BAD_USER_INPUT input.themeIds[3]")

	// The NMIRF a new action belongs to is checked first, alone: the rights depend on it.
	_, err = svc.CreateFollowUpAction(editorISL, domain.FollowUpActionDraft{NMIRF: domain.NewRef(domain.GlobalID(domain.KindNMIRF, "no-such-nmirf")), Title: ""})
	want(t, problems(t, err), "NOT_FOUND input.nmirfId")
	_, err = svc.CreateCuratedCluster(editorISL, domain.CuratedClusterDraft{NMIRF: domain.NewRef(archived.ID()), Name: "c"})
	want(t, problems(t, err), "BAD_USER_INPUT input.nmirfId")

	// A recommendation of another State, an unknown lead and an empty note, in field order.
	cri := domain.GlobalID(domain.KindRecommendation, "a-hrc-wg6-cri-2024-upr4-p119.5")
	_, err = svc.CreateFollowUpAction(editorISL, domain.FollowUpActionDraft{NMIRF: domain.NewRef(n.ID()), Title: "t", DueDate: &domain.Date{Time: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)},
		Recommendation: domain.OptRef(&cri), LeadInstitution: domain.OptRef(str(domain.GlobalID(domain.KindInstitution, "no-such-institution"))), ProgressNote: str(" ")})
	want(t, problems(t, err), "BAD_USER_INPUT input.dueDate", "BAD_USER_INPUT input.recommendationId", "NOT_FOUND input.leadInstitutionId", "BAD_USER_INPUT input.progressNote")

	// Parts of an institution: role first, then the NMIRF, for each part.
	_, err = svc.CreateInstitution(editorISL, domain.InstitutionDraft{State: domain.NewRef("ISL"), Name: "i", Parts: []domain.InstitutionPart{
		{NMIRF: domain.NewRef(archived.ID()), Role: ""}, {NMIRF: domain.NewRef(n.ID()), Role: "member"}, {NMIRF: domain.NewRef(n.ID()), Role: "member"}}})
	want(t, problems(t, err), "BAD_USER_INPUT input.parts[0].role", "BAD_USER_INPUT input.parts[0].nmirfId", "BAD_USER_INPUT input.parts[2].nmirfId")

	// A State code is a value: malformed or unknown, it is BAD_USER_INPUT.
	for _, code := range []string{"I5L", "ATL"} {
		_, err = svc.CreateNMIRF(admin, domain.NMIRFDraft{State: domain.NewRef(code), NMIRFFields: domain.NMIRFFields{Name: str("n")}})
		want(t, problems(t, err), "BAD_USER_INPUT input.stateCode")
	}
	// A link's target, unknown, is NOT_FOUND like every other node named.
	_, err = svc.Link(editorISL, domain.Link{From: domain.NewRef(n.ID()), To: domain.NewRef(domain.GlobalID(domain.KindSource, "no-such-source"))})
	want(t, problems(t, err), "NOT_FOUND input.toId")
}

// The node written can be changed while archived, but not archived twice; nothing new may
// refer to it.
func TestArchivedNodes(t *testing.T) {
	svc := curation.New(testenv.Store(t))
	_, archived := fixture(t, svc)
	got, err := svc.UpdateNMIRF(editorISL, archived.ID(), domain.NMIRFPatch{Version: archived.Version, NMIRFFields: domain.NMIRFFields{NMIRFDetails: domain.NMIRFDetails{Mandate: str("  Kept on record.  ")}}})
	if err != nil || got.Mandate == nil || *got.Mandate != "Kept on record." || got.Version != archived.Version+1 {
		t.Fatalf("update of an archived NMIRF: %+v %v", got, err)
	}
	_, err = svc.ArchiveNMIRF(editorISL, archived.ID(), got.Version)
	want(t, problems(t, err), "BAD_USER_INPUT input.id")
	_, err = svc.CreateInstitution(editorISL, domain.InstitutionDraft{State: domain.NewRef("ISL"), Name: "i",
		Parts: []domain.InstitutionPart{{NMIRF: domain.NewRef(archived.ID()), Role: "MEMBER"}}})
	want(t, problems(t, err), "BAD_USER_INPUT input.parts[0].nmirfId")
}

// A stale version is CONFLICT, an input problem like the others.
func TestStaleVersion(t *testing.T) {
	svc := curation.New(testenv.Store(t))
	n, _ := fixture(t, svc)
	if _, err := svc.UpdateNMIRF(editorISL, n.ID(), domain.NMIRFPatch{Version: n.Version, NMIRFFields: domain.NMIRFFields{Acronym: str("ST")}}); err != nil {
		t.Fatal(err)
	}
	_, err := svc.UpdateNMIRF(editorISL, n.ID(), domain.NMIRFPatch{Version: n.Version, NMIRFFields: domain.NMIRFFields{Acronym: str("")}})
	want(t, problems(t, err), "CONFLICT input.version")
}

// History is for who may edit the node, after a hard delete too.
func TestHistoryReaders(t *testing.T) {
	svc := curation.New(testenv.Store(t))
	n, _ := fixture(t, svc)
	if err := svc.Delete(admin, n.ID()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		may  bool
	}{{"administrator", admin, true}, {"editor of the State", editorISL, true}, {"editor of another State", editorMAR, false},
		{"viewer", viewer, false}, {"anonymous", context.Background(), false}} {
		if may, err := svc.MayReadHistory(tc.ctx, domain.KindNMIRF, n.Key); err != nil || may != tc.may {
			t.Errorf("%s may read the history of a deleted NMIRF: %v %v; want %v", tc.name, may, err, tc.may)
		}
	}
	if err := svc.Delete(admin, n.ID()); fmt.Sprint(problems(t, err)) != "[NOT_FOUND input.id]" {
		t.Errorf("deleting twice: %v", err)
	}
}
