package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// sampleText has what distinguishes the single-byte encodings: typographic quotes and
// apostrophes next to letters, and accented letters inside words.
const sampleText = "text,to,decision\n" +
	"\"Ensure that the “national” plan protects women’s rights, as the café owners asked\",Afghanistan,supported\n" +
	"Afghanistan’s résumé of the “plan”,Chile,noted\n"

func encodeWith(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %s: %v", cm, err)
	}
	return b
}

func utf16Bytes(t *testing.T, e xunicode.Endianness, bom xunicode.BOMPolicy, s string) []byte {
	t.Helper()
	b, err := xunicode.UTF16(e, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// detectBoth runs the Detector on data written at once and one byte at a time, checks
// both give the same answer and returns it.
func detectBoth(t *testing.T, data []byte) (Encoding, bool) {
	t.Helper()
	d := NewDetector()
	d.Write(data)
	one := NewDetector()
	for i := range data {
		one.Write(data[i : i+1])
	}
	if d.Encoding() != one.Encoding() || d.BOM() != one.BOM() {
		t.Fatalf("whole stream: %s (BOM %v); one byte per Write: %s (BOM %v)", d.Encoding(), d.BOM(), one.Encoding(), one.BOM())
	}
	viaReader, err := DetectEncoding(iotest.OneByteReader(bytes.NewReader(data)))
	if err != nil || viaReader != d.Encoding() {
		t.Fatalf("DetectEncoding = %s, %v; want %s", viaReader, err, d.Encoding())
	}
	return d.Encoding(), d.BOM()
}

func decodeAll(t *testing.T, data []byte, enc Encoding) string {
	t.Helper()
	b, err := io.ReadAll(Decode(iotest.HalfReader(bytes.NewReader(data)), enc))
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	if bytes.ContainsRune(b, '\uFFFD') {
		t.Errorf("decoded %s text contains U+FFFD: %q", enc, b)
	}
	return string(b)
}

func checkDetectDecode(t *testing.T, data []byte, wantEnc Encoding, wantBOM bool, wantText string) {
	t.Helper()
	enc, bom := detectBoth(t, data)
	if enc != wantEnc || bom != wantBOM {
		t.Fatalf("detected %s (BOM %v), want %s (BOM %v)", enc, bom, wantEnc, wantBOM)
	}
	if got := decodeAll(t, data, enc); got != wantText {
		t.Errorf("decoded\n%q\nwant\n%q", got, wantText)
	}
}

func TestDetectUTF8(t *testing.T) {
	checkDetectDecode(t, []byte(sampleText), EncodingUTF8, false, sampleText)
	checkDetectDecode(t, append([]byte("\xEF\xBB\xBF"), sampleText...), EncodingUTF8, true, sampleText)
	checkDetectDecode(t, []byte("plain ASCII,1\n"), EncodingUTF8, false, "plain ASCII,1\n")
	checkDetectDecode(t, nil, EncodingUTF8, false, "")
}

func TestDetectUTF16(t *testing.T) {
	checkDetectDecode(t, utf16Bytes(t, xunicode.LittleEndian, xunicode.UseBOM, sampleText), EncodingUTF16LE, true, sampleText)
	checkDetectDecode(t, utf16Bytes(t, xunicode.BigEndian, xunicode.UseBOM, sampleText), EncodingUTF16BE, true, sampleText)
	// Without a BOM the zero bytes give it away.
	checkDetectDecode(t, utf16Bytes(t, xunicode.LittleEndian, xunicode.IgnoreBOM, sampleText), EncodingUTF16LE, false, sampleText)
	checkDetectDecode(t, utf16Bytes(t, xunicode.BigEndian, xunicode.IgnoreBOM, sampleText), EncodingUTF16BE, false, sampleText)
}

func TestDetectWindows1252(t *testing.T) {
	data := encodeWith(t, charmap.Windows1252, sampleText)
	for _, b := range []byte{0x92, 0x93, 0x94, 0xE9} { // ’ “ ” é
		if bytes.IndexByte(data, b) < 0 {
			t.Fatalf("sample lacks byte %#x", b)
		}
	}
	checkDetectDecode(t, data, EncodingWindows1252, false, sampleText)
}

func TestDetectMacRoman(t *testing.T) {
	data := encodeWith(t, charmap.Macintosh, sampleText)
	for _, b := range []byte{0xD5, 0xD2, 0xD3, 0x8E} { // ’ “ ” é
		if bytes.IndexByte(data, b) < 0 {
			t.Fatalf("sample lacks byte %#x", b)
		}
	}
	checkDetectDecode(t, data, EncodingMacRoman, false, sampleText)

	// Excel for Mac files of UN texts: apostrophes dominate.
	// (Windows-1252 shows them as "AfghanistanÕs,StatesÕ parties" and "ÒSri LankaÓ".)
	text := "Afghanistan’s,States’ parties\nCôte d’Ivoire,“Sri Lanka”\n"
	checkDetectDecode(t, encodeWith(t, charmap.Macintosh, text), EncodingMacRoman, false, text)
}

func TestDetectLatin1(t *testing.T) {
	// Latin-1 letters only, no 0x80–0x9F byte: Windows-1252 and ISO-8859-1 read it the
	// same way, so either answer is right; the text must come out right.
	text := "État,Genève\nrésumé,señor,Türkiye,façade,à la carte\n"
	data := encodeWith(t, charmap.ISO8859_1, text)
	enc, bom := detectBoth(t, data)
	if (enc != EncodingWindows1252 && enc != EncodingISO88591) || bom {
		t.Fatalf("detected %s (BOM %v), want windows-1252 or iso-8859-1", enc, bom)
	}
	if got := decodeAll(t, data, enc); got != text {
		t.Errorf("decoded %q, want %q", got, text)
	}
	if got := decodeAll(t, data, EncodingISO88591); got != text {
		t.Errorf("decoded as iso-8859-1 %q, want %q", got, text)
	}
}

func TestDetectInvalidUTF8AtEnd(t *testing.T) {
	long := strings.Repeat("Türkiye’s “plan”, résumé\n", 8000) // ~220 KB of valid UTF-8
	for _, tail := range []string{"caf\xE9\n", "\xE9", "\xC3", "\xE2\x80"} {
		data := []byte(long + tail)
		if enc, _ := detectBoth(t, data); enc == EncodingUTF8 {
			t.Errorf("tail %q: detected utf-8 although the stream is not valid UTF-8", tail)
		}
	}
	// A multi-byte sequence split across Writes is still valid.
	d := NewDetector()
	d.Write([]byte("caf\xC3"))
	d.Write([]byte("\xA9 \xE2\x80"))
	d.Write([]byte("\x99s"))
	if enc := d.Encoding(); enc != EncodingUTF8 {
		t.Errorf("split sequences: detected %s, want utf-8", enc)
	}
}

func TestDetectZeroDetector(t *testing.T) {
	var d Detector
	d.Write(encodeWith(t, charmap.Macintosh, "Afghanistan’s plan"))
	if enc := d.Encoding(); enc != EncodingMacRoman {
		t.Errorf("zero Detector: %s, want macintosh", enc)
	}
}

func TestDecodeBOMs(t *testing.T) {
	// A BOM overrides the UTF-16 endianness it was asked for ("utf-16" = BOM decides).
	be := utf16Bytes(t, xunicode.BigEndian, xunicode.UseBOM, "a’b")
	if got := decodeAll(t, be, EncodingUTF16LE); got != "a’b" {
		t.Errorf("utf-16be bytes decoded as utf-16le: %q", got)
	}
	if got := decodeAll(t, []byte("\xEF\xBB\xBFa"), EncodingUTF8); got != "a" {
		t.Errorf("UTF-8 BOM kept: %q", got)
	}
	// Invalid UTF-8 becomes U+FFFD: the output is always valid UTF-8.
	b, _ := io.ReadAll(Decode(strings.NewReader("a\xFFb"), EncodingUTF8))
	if string(b) != "a\uFFFDb" {
		t.Errorf("invalid byte: %q", b)
	}
}

func TestDecodeParseEncoding(t *testing.T) {
	for want, names := range map[Encoding][]string{
		EncodingUTF8:        {"utf-8", "UTF8", "utf-8-sig", " Utf-8 "},
		EncodingUTF16LE:     {"utf-16", "UTF-16LE", "utf16le"},
		EncodingUTF16BE:     {"utf-16be", "UTF16BE"},
		EncodingWindows1252: {"windows-1252", "CP1252", "windows1252"},
		EncodingISO88591:    {"iso-8859-1", "latin1", "Latin-1", "ISO8859-1"},
		EncodingMacRoman:    {"macintosh", "mac", "MacRoman", "mac-roman", "x-mac-roman"},
	} {
		for _, name := range names {
			if got, err := ParseEncoding(name); err != nil || got != want {
				t.Errorf("ParseEncoding(%q) = %q, %v; want %q", name, got, err, want)
			}
		}
	}
	_, err := ParseEncoding("ebcdic")
	if err == nil || !strings.Contains(err.Error(), "windows-1252") || !strings.Contains(err.Error(), "macintosh") {
		t.Errorf("ParseEncoding(ebcdic) error = %v; want one listing the known names", err)
	}
}

func TestLineEnds(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\rb\r", "a\nb\n"},
		{"a\r\nb\rc\nd", "a\nb\nc\nd"},
		{"\r\r\n\n\r", "\n\n\n\n"},
		{"\r\n", "\n"},
		{"", ""},
		{"no line end", "no line end"},
	} {
		for name, r := range map[string]io.Reader{
			"whole":    strings.NewReader(c.in),
			"one byte": iotest.OneByteReader(strings.NewReader(c.in)), // CR and LF of a CRLF in separate Reads
			"half":     iotest.HalfReader(strings.NewReader(c.in)),
		} {
			got, err := io.ReadAll(NormalizeLineEnds(r))
			if err != nil || string(got) != c.want {
				t.Errorf("%s %q: got %q, %v; want %q", name, c.in, got, err, c.want)
			}
		}
		if err := iotest.TestReader(NormalizeLineEnds(strings.NewReader(c.in)), []byte(c.want)); err != nil {
			t.Errorf("%q: %v", c.in, err)
		}
	}
}
