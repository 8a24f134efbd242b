// Package apperr defines the application's errors: each carries a code that the API shows
// to clients in extensions.code, and a message that is safe to show. Anything that is not an
// *Error reaches clients only as "internal error".
package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Code is a machine-readable error class, shown to clients as extensions.code.
type Code string

// The codes used across the API.
const (
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	Conflict        Code = "CONFLICT"
	Unavailable     Code = "UNAVAILABLE"
	Internal        Code = "INTERNAL"
)

// Error is an error whose Message may be shown to clients.
type Error struct {
	Code    Code
	Field   string // the argument or input path at fault, when there is one
	Message string
	Err     error // the cause, for logs only; never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports bad input in the named field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Unavailablef reports that a dependency (Neo4j) cannot be reached now; cause is kept for logs.
func Unavailablef(cause error, format string, args ...any) *Error {
	return &Error{Code: Unavailable, Message: fmt.Sprintf(format, args...), Err: cause}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CodeOf returns the code of err: its *Error's code, or Internal.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// List is every problem found in one input, so that a client learns all of them at once.
type List []*Error

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// IsInputProblem tells whether code is about the caller's input (BAD_USER_INPUT, NOT_FOUND,
// CONFLICT): the codes a mutation reports in its payload's errors rather than as a top-level
// error.
func IsInputProblem(code Code) bool {
	return code == BadUserInput || code == NotFound || code == Conflict
}

// Problems splits a write's outcome: the input problems (a List or one *Error whose code
// IsInputProblem) for the payload, or any other error as it is. On success it returns an
// empty, non-nil list (the payloads' errors field is a non-null list).
func Problems(err error) ([]*Error, error) {
	var l List
	if errors.As(err, &l) {
		return l, nil
	}
	if e, ok := As(err); ok && IsInputProblem(e.Code) {
		return []*Error{e}, nil
	}
	if err != nil {
		return nil, err
	}
	return []*Error{}, nil
}
