package resolvers

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/graph/model"
	"github.com/nmirf-hub/hub/store"
)

// authorize lets a write through for an administrator, or an editor whose scope includes
// stateCode; anonymous callers are UNAUTHENTICATED and the others FORBIDDEN (top-level
// errors, so no client mistakes them for input problems).
func authorize(ctx context.Context, stateCode string) error {
	p := domain.PrincipalFrom(ctx)
	switch {
	case p.TokenID == "":
		return &apperr.Error{Code: apperr.Unauthenticated, Message: "writing needs a bearer token (see `hub token create`)"}
	case p.Role == domain.RoleAdmin:
		return nil
	case p.Role == domain.RoleEditor && (p.StateCode == "" || p.StateCode == stateCode):
		return nil
	}
	return &apperr.Error{Code: apperr.Forbidden, Message: "this token may not write this record"}
}

// checker collects every input problem, so a client learns all of them at once.
type checker struct{ errs []*apperr.Error }

func (c *checker) fail(field, format string, args ...any) {
	c.errs = append(c.errs, apperr.Invalid(field, format, args...))
}

func (c *checker) text(field, v string, max int) {
	if strings.TrimSpace(v) == "" {
		c.fail(field, "must not be empty")
	} else if utf8.RuneCountInString(v) > max {
		c.fail(field, "at most %d characters", max)
	}
}

func (c *checker) year(field string, v *int) {
	if v != nil && (*v < 1945 || *v > 2100) {
		c.fail(field, "%d is not a year between 1945 and 2100", *v)
	}
}

// ids resolves global IDs of one kind to keys, checking each exists.
func (c *checker) ids(ctx context.Context, field string, want domain.Kind, ids []string, exists func(context.Context, []string) (int, error)) []string {
	keys := make([]string, 0, len(ids))
	for i, id := range ids {
		path := fmt.Sprintf("%s[%d]", field, i)
		kind, key, err := domain.ParseGlobalID(path, id)
		if err != nil || kind != want {
			c.fail(path, "%q is not the ID of a %s", id, want)
			continue
		}
		keys = append(keys, key)
	}
	if len(keys) > 0 {
		if n, err := exists(ctx, keys); err != nil {
			c.errs = append(c.errs, internal(err))
		} else if n != len(keys) {
			c.fail(field, "names %d unknown %s(s)", len(keys)-n, want)
		}
	}
	return keys
}

func texts(lang *domain.Language, v *string) domain.Texts {
	if v == nil {
		return nil
	}
	l := domain.Language("EN")
	if lang != nil {
		l = *lang
	}
	return domain.Texts{l: strings.TrimSpace(*v)}
}

func (r *Resolver) createGoodPractice(ctx context.Context, in model.CreateGoodPracticeInput) (*model.GoodPracticePayload, error) {
	code := domain.NormalizeStateCode(in.StateCode)
	if err := authorize(ctx, code); err != nil {
		return nil, err
	}
	c := &checker{}
	c.text("input.title", in.Title, 300)
	c.text("input.summary", in.Summary, 5000)
	c.state(ctx, "input.stateCode", code)
	if len(in.Capacities) == 0 {
		c.fail("input.capacities", "name at least one capacity")
	}
	c.year("input.periodStart", in.PeriodStart)
	c.year("input.periodEnd", in.PeriodEnd)
	if in.PeriodStart != nil && in.PeriodEnd != nil && *in.PeriodEnd < *in.PeriodStart {
		c.fail("input.periodEnd", "ends before it starts")
	}
	if in.Status != nil && *in.Status == "ARCHIVED" {
		c.fail("input.status", "a new practice is DRAFT or PUBLISHED")
	}
	var nmirfKey *string
	if in.NmirfID != nil {
		keys := c.ids(ctx, "input.nmirfId", domain.KindNMIRF, []string{*in.NmirfID}, r.Store.CountNodes("NMIRF"))
		if len(keys) == 1 {
			nmirfKey = &keys[0]
			if n, _ := optional(For(ctx).NMIRFByKey.Load(ctx, keys[0])); n != nil && n.StateCode != code {
				c.fail("input.nmirfId", "the NMIRF is %s's, not %s's", n.StateCode, code)
			}
		}
	}
	themes := c.ids(ctx, "input.themeIds", domain.KindTheme, in.ThemeIds, r.Store.CountNodes("Theme"))
	dims := c.ids(ctx, "input.guidanceDimensionIds", domain.KindGuidanceDimension, in.GuidanceDimensionIds, r.Store.CountNodes("GuidanceDimension"))
	recs := c.ids(ctx, "input.recommendationIds", domain.KindRecommendation, in.RecommendationIds, r.Store.CountNodes("Recommendation"))
	sources := c.ids(ctx, "input.sourceIds", domain.KindSource, in.SourceIds, r.Store.CountNodes("Source"))
	if len(c.errs) > 0 {
		return r.practicePayload(ctx, "", c.errs, nil)
	}
	status := domain.PracticeStatus("DRAFT")
	if in.Status != nil {
		status = *in.Status
	}
	w := store.PracticeWrite{Titles: texts(in.Lang, &in.Title), Summaries: texts(in.Lang, &in.Summary), StateCode: &code,
		NMIRFKey: nmirfKey, Capacities: in.Capacities, Stakeholders: nonNilStrings(in.Stakeholders), Tools: nonNilStrings(in.Tools),
		PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Outcome: in.Outcome, Status: &status,
		ThemeKeys: &themes, DimensionKeys: &dims, RecommendationKeys: &recs, SourceKeys: &sources}
	key := "gp-" + uuid.NewString()
	userErr, err := r.apply(ctx, w.Write(key, 0, "CREATE"))
	return r.practicePayload(ctx, key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) practicePayload(ctx context.Context, key string, errs []*apperr.Error, err error) (*model.GoodPracticePayload, error) {
	return payload(ctx, key, errs, err, r.Store.PracticesByKeys, func(p *domain.GoodPractice, e []*apperr.Error) *model.GoodPracticePayload {
		return &model.GoodPracticePayload{GoodPractice: p, Errors: e}
	})
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (r *Resolver) updateGoodPractice(ctx context.Context, in model.UpdateGoodPracticeInput) (*model.GoodPracticePayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindGoodPractice)
	if err != nil || userErr != nil {
		return r.practicePayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	c := &checker{}
	if in.Title != nil {
		c.text("input.title", *in.Title, 300)
	}
	if in.Summary != nil {
		c.text("input.summary", *in.Summary, 5000)
	}
	if in.Capacities != nil && len(in.Capacities) == 0 {
		c.fail("input.capacities", "name at least one capacity")
	}
	c.year("input.periodStart", in.PeriodStart)
	c.year("input.periodEnd", in.PeriodEnd)
	if in.Status != nil && *in.Status == "ARCHIVED" {
		c.fail("input.status", "use archiveGoodPractice to archive")
	}
	w := store.PracticeWrite{Titles: texts(in.Lang, in.Title), Summaries: texts(in.Lang, in.Summary), Capacities: in.Capacities,
		Stakeholders: in.Stakeholders, Tools: in.Tools, PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Outcome: in.Outcome, Status: in.Status}
	if in.ThemeIds != nil {
		k := c.ids(ctx, "input.themeIds", domain.KindTheme, in.ThemeIds, r.Store.CountNodes("Theme"))
		w.ThemeKeys = &k
	}
	if in.GuidanceDimensionIds != nil {
		k := c.ids(ctx, "input.guidanceDimensionIds", domain.KindGuidanceDimension, in.GuidanceDimensionIds, r.Store.CountNodes("GuidanceDimension"))
		w.DimensionKeys = &k
	}
	if in.RecommendationIds != nil {
		k := c.ids(ctx, "input.recommendationIds", domain.KindRecommendation, in.RecommendationIds, r.Store.CountNodes("Recommendation"))
		w.RecommendationKeys = &k
	}
	if in.SourceIds != nil {
		k := c.ids(ctx, "input.sourceIds", domain.KindSource, in.SourceIds, r.Store.CountNodes("Source"))
		w.SourceKeys = &k
	}
	if len(c.errs) > 0 {
		return r.practicePayload(ctx, "", c.errs, nil)
	}
	userErr, err = r.apply(ctx, w.Write(e.key, in.Version, "UPDATE"))
	return r.practicePayload(ctx, e.key, []*apperr.Error{userErr}, err)
}

func (r *Resolver) archiveGoodPractice(ctx context.Context, in model.ArchiveGoodPracticeInput) (*model.GoodPracticePayload, error) {
	e, userErr, err := r.lookup(ctx, "input.id", in.ID, domain.KindGoodPractice)
	if err != nil || userErr != nil {
		return r.practicePayload(ctx, "", []*apperr.Error{userErr}, err)
	}
	archived := domain.PracticeStatus("ARCHIVED")
	userErr, err = r.apply(ctx, store.PracticeWrite{Status: &archived}.Write(e.key, in.Version, "ARCHIVE"))
	return r.practicePayload(ctx, e.key, []*apperr.Error{userErr}, err)
}
