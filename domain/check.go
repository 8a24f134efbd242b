package domain

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/nmirf-hub/hub/apperr"
)

// problems collects every problem of one input (BAD_USER_INPUT naming the field), so that a
// client learns all of them at once; the Validate methods of the write inputs use it.
type problems struct{ list apperr.List }

func (p *problems) fail(field, format string, args ...any) {
	p.list = append(p.list, apperr.Invalid(field, format, args...))
}

func (p *problems) add(e *apperr.Error) bool {
	if e != nil {
		p.list = append(p.list, e)
	}
	return e == nil
}

// err is nil, or the problems as an apperr.List.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return p.list
}

// text trims a required text and checks it is not empty and at most max characters long.
func (p *problems) text(field string, v *string, max int) {
	*v = strings.TrimSpace(*v)
	if *v == "" {
		p.fail(field, "must not be empty")
	} else if utf8.RuneCountInString(*v) > max {
		p.fail(field, "at most %d characters", max)
	}
}

// newText is text for an optional field of a patch (nil: left as it is).
func (p *problems) newText(field string, v *string, max int) {
	if v != nil {
		p.text(field, v, max)
	}
}

// optText trims an optional text and checks its length; "" asks to clear it.
func (p *problems) optText(field string, v *string, max int) {
	if v == nil {
		return
	}
	*v = strings.TrimSpace(*v)
	if utf8.RuneCountInString(*v) > max {
		p.fail(field, "at most %d characters", max)
	}
}

// website trims an optional web address and checks it is http(s); "" asks to clear it.
func (p *problems) website(field string, v *string) {
	if v == nil {
		return
	}
	*v = strings.TrimSpace(*v)
	if *v == "" {
		return
	}
	u, err := url.Parse(*v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(*v) > 500 {
		p.fail(field, "%q is not an http or https address", *v)
	}
}

func (p *problems) year(field string, v *int) {
	if v != nil && (*v < 1945 || *v > 2100) {
		p.fail(field, "%d is not a year between 1945 and 2100", *v)
	}
}

func (p *problems) date(field string, d *Date) {
	if d != nil && (d.Year() < 1945 || d.Year() > 2100) {
		p.fail(field, "%s is not a date between 1945 and 2100", d)
	}
}

// refs checks a list of references (each must exist and be active), naming the element at
// fault: field[i].
func (p *problems) refs(field string, want Kind, refs []Ref) bool {
	ok := true
	for i, r := range refs {
		ok = p.add(r.Active(fmt.Sprintf("%s[%d]", field, i), want)) && ok
	}
	return ok
}

// newRefs is refs for a list of a patch (nil: left as it is).
func (p *problems) newRefs(field string, want Kind, refs *[]Ref) {
	if refs != nil {
		p.refs(field, want, *refs)
	}
}

// addressedTo checks that every recommendation is addressed to the State code.
func (p *problems) addressedTo(field string, recs []Ref, code string) {
	for i, r := range recs {
		if !r.Node.AddressedTo(code) {
			p.fail(field, "recommendation %d is not addressed to %s", i, code)
		}
	}
}
