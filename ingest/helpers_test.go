package ingest

import (
	"bufio"
	"strings"

	"github.com/nmirf-hub/hub/domain"
)

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }

func ptr[T any](v T) *T { return &v }

func domainPosition(s string) domain.PositionValue { return domain.PositionValue(s) }
