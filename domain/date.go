package domain

import (
	"fmt"

	"github.com/nmirf-hub/hub/apperr"
	"io"
	"strconv"
	"time"
)

// Date is a calendar date without time or zone, shown as YYYY-MM-DD.
type Date struct{ time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

func (d Date) String() string { return d.Format(time.DateOnly) }

func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(d.String())) }

func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return apperr.Invalid("", "a date must be a string of the form YYYY-MM-DD")
	}
	p, err := ParseDate(s)
	if err != nil {
		return apperr.Invalid("", "%v", err)
	}
	*d = p
	return nil
}
