package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/nmirf-hub/hub/apperr"
	"github.com/nmirf-hub/hub/demo"
	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/store"
	"github.com/nmirf-hub/hub/testenv"
)

func ptr[T any](v T) *T { return &v }

func page(t *testing.T, first *int, after *string, last *int, before *string) domain.PageArgs {
	t.Helper()
	p, err := domain.NewPageArgs(first, after, last, before)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMigrateAndSeedAreIdempotent(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	seed, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	// The seed's own nodes and the links among them: other tests write elsewhere in the same
	// database at the same time.
	uids := seed.UIDs()
	before, err := st.SubgraphSize(ctx, uids)
	if err != nil {
		t.Fatal(err)
	}
	if before.Nodes != len(uids) || before.Relationships < before.Nodes {
		t.Fatalf("the seed's subgraph has %+v for %d uids", before, len(uids))
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if err := st.ApplySeed(ctx, seed); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	after, err := st.SubgraphSize(ctx, uids)
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Errorf("re-applying the seed changed the graph: before %+v, after %+v", before, after)
	}
	has, err := st.HasStates(ctx)
	if err != nil || !has {
		t.Errorf("HasStates = %v, %v; want true", has, err)
	}
}

func TestStates(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()

	t.Run("by codes", func(t *testing.T) {
		m, err := st.StatesByCodes(ctx, []string{"MAR", "CRI", "XXX"})
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 2 || m["MAR"].Name != "Morocco" || *m["MAR"].UnRegionalGroup != "AFRICAN" || m["MAR"].Alpha2 != "MA" || !m["MAR"].UnMember {
			t.Errorf("got %+v", m)
		}
	})
	t.Run("counts", func(t *testing.T) {
		for _, tc := range []struct {
			f    domain.StateFilter
			want int
		}{
			{domain.StateFilter{}, 195},
			{domain.StateFilter{UnMember: ptr(true)}, 193},
			{domain.StateFilter{UnMember: ptr(false)}, 2},
			{domain.StateFilter{UnRegionalGroups: []domain.UnRegionalGroup{"AFRICAN"}}, 54},
			{domain.StateFilter{UnRegionalGroups: []domain.UnRegionalGroup{"EASTERN_EUROPEAN", "LATIN_AMERICAN_CARIBBEAN"}}, 56},
		} {
			n, err := st.CountStates(ctx, tc.f)
			if err != nil || n != tc.want {
				t.Errorf("CountStates(%+v) = %d, %v; want %d", tc.f, n, err, tc.want)
			}
		}
	})
	t.Run("keyset pages forward and back give the same items", func(t *testing.T) {
		f := domain.StateFilter{UnRegionalGroups: []domain.UnRegionalGroup{"WESTERN_EUROPEAN_OTHERS"}}
		var forward []string
		var after *string
		for {
			p, err := st.ListStates(ctx, f, page(t, ptr(7), after, nil, nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range p.Items {
				forward = append(forward, s.Code)
			}
			if !p.Info.HasNextPage {
				break
			}
			after = p.Info.EndCursor
		}
		if len(forward) != 29 || !slices.IsSorted(forward) {
			t.Fatalf("forward walk gave %d states %v", len(forward), forward)
		}
		var backward []string
		var before *string
		for {
			p, err := st.ListStates(ctx, f, page(t, nil, nil, ptr(7), before))
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, s := range p.Items {
				codes = append(codes, s.Code)
			}
			backward = append(codes, backward...)
			if !p.Info.HasPreviousPage {
				break
			}
			before = p.Info.StartCursor
		}
		if !slices.Equal(forward, backward) {
			t.Errorf("backward walk %v differs from forward %v", backward, forward)
		}
	})
}

func TestNMIRFs(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	byKey, err := st.NMIRFsByKeys(ctx, []string{"mar-didh", "nope"})
	if err != nil {
		t.Fatal(err)
	}
	if len(byKey) != 1 || byKey["mar-didh"].StateCode != "MAR" || *byKey["mar-didh"].Acronym != "DIDH" {
		t.Errorf("NMIRFsByKeys = %+v", byKey)
	}
	byState, err := st.NMIRFsByStates(ctx, []string{"PRY", "PRT", "FRA"})
	if err != nil {
		t.Fatal(err)
	}
	if len(byState["PRY"]) != 1 || len(byState["PRT"]) != 1 || len(byState["FRA"]) != 0 {
		t.Errorf("NMIRFsByStates = %+v", byState)
	}
	p, err := st.ListNMIRFs(ctx, page(t, ptr(2), nil, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || !p.Info.HasNextPage || p.Info.HasPreviousPage {
		t.Errorf("ListNMIRFs first page = %+v", p)
	}
	n, err := st.CountNMIRFs(ctx)
	if err != nil || n < 3 {
		t.Errorf("CountNMIRFs = %d, %v", n, err)
	}
}

func TestNetwork(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	nets, err := st.NetworksByKeys(ctx, []string{store.NetworkKey})
	if err != nil {
		t.Fatal(err)
	}
	net := nets[store.NetworkKey]
	if net == nil || net.ReportedMemberCount == nil || net.ReportedMemberCount.Count != 24 ||
		*net.FoundingInstrumentKey != "asuncion-declaration-2024" {
		t.Fatalf("network = %+v", net)
	}
	p, err := st.NetworkMembers(ctx, store.NetworkKey, page(t, ptr(10), nil, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	// The curation tests (another package, run at the same time on the same database) may
	// add a plain MEMBER for a while; it ranks after the Executive Committee.
	var got []string
	for _, m := range p.Items {
		got = append(got, m.NMIRF.StateCode+":"+string(m.Role))
	}
	want := []string{"MAR:EXECUTIVE_COMMITTEE_COORDINATOR", "PRT:EXECUTIVE_COMMITTEE", "PRY:EXECUTIVE_COMMITTEE"}
	if len(got) < 3 || !slices.Equal(got[:3], want) {
		t.Errorf("members = %v, want %v first", got, want)
	}
	second, err := st.NetworkMembers(ctx, store.NetworkKey, page(t, ptr(10), p.Info.StartCursor, nil, nil))
	if err != nil || len(second.Items) < 2 || second.Items[0].NMIRF.StateCode != "PRT" {
		t.Errorf("members after the first = %+v, %v", second.Items, err)
	}
	n, err := st.CountNetworkMembers(ctx, store.NetworkKey)
	if err != nil || n < 3 {
		t.Errorf("CountNetworkMembers = %d, %v", n, err)
	}
	ms, err := st.MembershipsByNMIRFs(ctx, []string{"mar-didh", "pry-nmirf"})
	if err != nil || len(ms["mar-didh"]) != 1 || ms["pry-nmirf"][0].Role != "EXECUTIVE_COMMITTEE" || ms["mar-didh"][0].SourceKey == nil {
		t.Errorf("MembershipsByNMIRFs = %+v, %v", ms, err)
	}
}

func TestHistoryAndSources(t *testing.T) {
	st := testenv.Store(t)
	ctx := context.Background()
	events, err := st.NetworkEvents(ctx, store.NetworkKey)
	if err != nil || len(events) != 5 || events[0].Key != "nmirf-seminar-1-marrakech-2022" || *events[0].HostStateCode != "MAR" {
		t.Fatalf("NetworkEvents = %+v, %v", events, err)
	}
	if events[0].StartDate.String() != "2022-12-07" || events[0].EndDate.String() != "2022-12-08" {
		t.Errorf("first event dates = %v..%v", events[0].StartDate, events[0].EndDate)
	}
	instruments, err := st.NetworkInstruments(ctx, store.NetworkKey)
	if err != nil || len(instruments) != 7 || instruments[0].Key != "hrc-res-30-25" {
		t.Fatalf("NetworkInstruments = %+v, %v", instruments, err)
	}
	adopted, err := st.InstrumentsAdoptedAt(ctx, []string{"nmirf-seminar-2-asuncion-2024", "hrc58-side-event-network-2025"})
	if err != nil || len(adopted["nmirf-seminar-2-asuncion-2024"]) != 1 || len(adopted["hrc58-side-event-network-2025"]) != 0 {
		t.Errorf("InstrumentsAdoptedAt = %+v, %v", adopted, err)
	}
	ev, err := st.EventsByKeys(ctx, []string{"glion-x-2024"})
	// Glion X: 16–17 October 2024 in Marrakech (the Universal Rights Group and the DIDH).
	if err != nil || *ev["glion-x-2024"].DatePrecision != "DAY" || ev["glion-x-2024"].StartDate.String() != "2024-10-16" {
		t.Errorf("EventsByKeys = %+v, %v", ev, err)
	}
	ins, err := st.InstrumentsByKeys(ctx, []string{"marrakech-declaration-2022"})
	if err != nil || *ins["marrakech-declaration-2022"].AdoptedAtEventKey != "nmirf-seminar-1-marrakech-2022" {
		t.Errorf("InstrumentsByKeys = %+v, %v", ins, err)
	}
	srcs, err := st.SourcesByKeys(ctx, []string{"a-hrc-res-51-33"})
	if err != nil || *srcs["a-hrc-res-51-33"].URL != "https://undocs.org/A/HRC/RES/51/33" {
		t.Errorf("SourcesByKeys = %+v, %v", srcs, err)
	}
	// Every node the demo data creates records where its facts come from.
	uids := []string{"State:MAR", "NMIRF:mar-didh", "Network:" + store.NetworkKey, "Event:glion-x-2024", "Instrument:hrc-res-51-33"}
	of, err := st.SourcesOf(ctx, uids)
	if err != nil {
		t.Fatal(err)
	}
	for _, uid := range uids {
		if len(of[uid]) == 0 {
			t.Errorf("%s has no source", uid)
		}
	}
	if len(of["Instrument:hrc-res-51-33"]) != 2 {
		t.Errorf("resolution 51/33 sources = %+v", of["Instrument:hrc-res-51-33"])
	}
	for uid, want := range map[string]bool{"State:MAR": true, "State:XXX": false} {
		if got, err := st.NodeExists(ctx, uid); err != nil || got != want {
			t.Errorf("NodeExists(%s) = %v, %v", uid, got, err)
		}
	}
	n, err := st.CountUnsourced(ctx)
	if err != nil || n != 0 {
		t.Errorf("%d domain nodes without a source (err %v)", n, err)
	}
}

func TestUnreachableDatabaseIsUnavailable(t *testing.T) {
	cfg := testenv.Config()
	cfg.URI = "bolt://127.0.0.1:1"
	st, err := store.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	_, err = st.StatesByCodes(context.Background(), []string{"MAR"})
	if apperr.CodeOf(err) != apperr.Unavailable {
		t.Errorf("error = %v; want code UNAVAILABLE", err)
	}
	if err := st.Ping(context.Background()); apperr.CodeOf(err) != apperr.Unavailable {
		t.Errorf("Ping error = %v; want UNAVAILABLE", err)
	}
}
