package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

// Nodes loaded by the seed (or by an older version) have no version property: the first API
// write must make them version 1, and version checks must hold from then on.
func TestApplyOnASeededNodeStartsVersioning(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	key := fmt.Sprintf("isl-seeded-%d", time.Now().UnixNano())
	if err := st.ApplySeed(ctx, store.Seed{NMIRFs: []store.Sourced[domain.NMIRF]{{Item: domain.NMIRF{Key: key, Name: "Seeded", StateCode: "ISL"}}}}); err != nil {
		t.Fatal(err)
	}
	owner, err := st.OwnerOf(ctx, "NMIRF", key)
	if err != nil || !owner.Found || owner.Version != 0 || owner.StateCode != "ISL" {
		t.Fatalf("owner of a seeded NMIRF = %+v, %v", owner, err)
	}
	v, err := st.Apply(ctx, store.Write{Label: "NMIRF", Key: key, Version: 0, Action: "UPDATE", Actor: "test", Props: map[string]any{"mandate": "m"}})
	if err != nil || v != 1 {
		t.Fatalf("first write: version %d, %v", v, err)
	}
	_, err = st.Apply(ctx, store.Write{Label: "NMIRF", Key: key, Version: 0, Action: "UPDATE", Actor: "test", Props: map[string]any{"mandate": "stale"}})
	if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict {
		t.Errorf("a write naming version 0 after the first: %v, want CONFLICT", err)
	}
	if err := st.Delete(ctx, "NMIRF", key, "test", "test-id"); err != nil {
		t.Fatal(err)
	}
	h, err := st.History(ctx, "NMIRF:"+key, 10)
	if err != nil || h.TotalCount != 2 || h.Nodes[0].Action != "DELETE" || h.Nodes[0].After != nil {
		t.Errorf("history after delete = %+v, %v", h, err)
	}
}
