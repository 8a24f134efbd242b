package resolvers

import (
	"github.com/nmirf-hub/hub/curation"
	"github.com/nmirf-hub/hub/store"
)

// Resolver is the root resolver; it holds the dependencies every resolver needs.
type Resolver struct {
	Store    *store.Store
	Curation *curation.Service // every mutation goes through it
}
