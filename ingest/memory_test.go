package ingest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

var genStates = []string{"Peru", "Costa Rica", "Türkiye", "Iran (Islamic Republic of)", "Spain", "Bolivia (Plurinational State of)", "Chile"}

// writeUHRIJSON writes a UHRI bulk export of n generated records (every one different) to
// a file in dir, in the export's shape: one JSON array.
func writeUHRIJSON(t testing.TB, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "export-full-en.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "[\n")
	for i := range n {
		if i > 0 {
			fmt.Fprint(w, ",\n")
		}
		upr := i%3 == 0
		body, positions, rec, cycle := `"- CRC"`, `[]`, `[]`, `null`
		if upr {
			body, positions, rec, cycle = `"- UPR"`, `["Supported"]`, fmt.Sprintf(`[%q]`, genStates[(i+1)%len(genStates)]), `4`
		}
		fmt.Fprintf(w, `{"AffectedPersons": ["Children", "Women & girls"], "AnnotationId": "%08x-fe1c-40f9-a326-1529e0ab678f",`+
			` "AnnotationType": "- Concerns/Observations", "Body": %s, "Countries": [%q], "DocumentId": "41a0b08f-5a9a-4eb5-985f-05b47986ad82",`+
			` "PublicationDate": "2025-02-12T00:00:00", "PublicationDateOnUhri": "2025-03-03T10:53:45.827", "Regions": ["Latin America and the Caribbean"],`+
			` "Sdgs": ["16.2 - Protect children from abuse, exploitation, trafficking and violence", "5.2 - End all violence against and exploitation of women"],`+
			` "Symbol": "CRC/C/PER/CO/%d", "Text": "%d.%d The Committee reminds the State party of the indivisibility and interdependence of all the rights`+
			` enshrined in the Convention and emphasizes the importance of all the recommendations contained in the present concluding observations.`+
			` The Committee would like to draw the State party&#39;s attention to the recommendations concerning birth registration (record %d). ",`+
			` "Themes": ["Violence against women", "Right to health", "Enforced disappearances"], "UprCycle": %s, "UprPositions": %s,`+
			` "UprRecommendingCountry": %s, "UprRecommendingRegions": [], "UprSession": []}`,
			i, body, genStates[i%len(genStates)], i%200+1, i%50+1, i%1000+1, i, cycle, positions, rec)
	}
	fmt.Fprint(w, "\n]\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestStreamingMemoryIsFlat streams a 50,000-record UHRI export and checks that the live
// heap does not grow with the number of records read.
func TestStreamingMemoryIsFlat(t *testing.T) {
	const records = 50_000
	path := writeUHRIJSON(t, t.TempDir(), records)
	fi, _ := os.Stat(path)
	n := mustNormalizer(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Open(f, path, Options{}, n)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var before, after runtime.MemStats
	var heapAt1k uint64
	count := 0
	for {
		_, rej, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rej != nil {
			t.Fatalf("rejected: %v", rej)
		}
		count++
		if count == 1000 {
			heapAt1k = heapAfterGC()
			runtime.ReadMemStats(&before)
		}
	}
	heapAtEnd := heapAfterGC()
	runtime.ReadMemStats(&after)
	if count != records {
		t.Fatalf("read %d records, want %d", count, records)
	}
	perRecord := float64(after.Mallocs-before.Mallocs) / float64(records-1000)
	bytesPerRecord := float64(after.TotalAlloc-before.TotalAlloc) / float64(records-1000)
	t.Logf("%d records, file %.1f MB; live heap %.2f MB after 1,000 records, %.2f MB after %d; %.0f allocs and %.1f kB allocated per record (garbage, not kept)",
		records, float64(fi.Size())/1e6, float64(heapAt1k)/1e6, float64(heapAtEnd)/1e6, records, perRecord, bytesPerRecord/1e3)
	// 49,000 more records of ~1 kB each would add ~50 MB if anything were kept per record.
	if grow := int64(heapAtEnd) - int64(heapAt1k); grow > 2<<20 {
		t.Errorf("the live heap grew by %d bytes over %d records: something accumulates", grow, records-1000)
	}
}

func BenchmarkUHRIJSON(b *testing.B) {
	path := writeUHRIJSON(b, b.TempDir(), 10_000)
	fi, _ := os.Stat(path)
	n := mustNormalizer(b)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Open(f, path, Options{}, n)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10_000), "ns/record")
}
