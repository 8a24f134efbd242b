package ingest

// Text decoding: files in the wild arrive as UTF-8 (with or without a byte order mark),
// UTF-16 from Excel's "Unicode text" export, Windows-1252 from Excel's "CSV" export on
// Windows, and Mac OS Roman from Excel for Mac (where "Afghanistan’s" is stored as
// "Afghanistan\xD5s" and a Windows-1252 reader shows "AfghanistanÕs"). The importer works
// on UTF-8 text only, so this file picks the encoding of a stream (Detector), turns the
// stream into UTF-8 (Decode) and makes every line end a LF (NormalizeLineEnds).

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is a text encoding the importer reads.
type Encoding string

// The encodings the importer reads.
const (
	EncodingUTF8        Encoding = "utf-8"
	EncodingUTF16LE     Encoding = "utf-16le"
	EncodingUTF16BE     Encoding = "utf-16be"
	EncodingWindows1252 Encoding = "windows-1252"
	EncodingISO88591    Encoding = "iso-8859-1"
	EncodingMacRoman    Encoding = "macintosh" // Mac OS Roman
)

// encodingAliases maps every accepted spelling (lower case) to its Encoding. "utf-16"
// without an endianness means what it means to Python and Excel: the BOM decides and
// little-endian is the default; Decode honours a BOM for both UTF-16 encodings, so
// mapping it to utf-16le gives exactly that.
var encodingAliases = map[string]Encoding{
	"utf-8": EncodingUTF8, "utf8": EncodingUTF8, "utf-8-sig": EncodingUTF8,
	"utf-16": EncodingUTF16LE, "utf16": EncodingUTF16LE,
	"utf-16le": EncodingUTF16LE, "utf16le": EncodingUTF16LE,
	"utf-16be": EncodingUTF16BE, "utf16be": EncodingUTF16BE,
	"windows-1252": EncodingWindows1252, "windows1252": EncodingWindows1252, "cp1252": EncodingWindows1252,
	"iso-8859-1": EncodingISO88591, "iso8859-1": EncodingISO88591, "latin1": EncodingISO88591, "latin-1": EncodingISO88591,
	"macintosh": EncodingMacRoman, "mac": EncodingMacRoman, "macroman": EncodingMacRoman,
	"mac-roman": EncodingMacRoman, "x-mac-roman": EncodingMacRoman,
}

// ParseEncoding reads an encoding name as a user types it (any case, Python's and the
// WHATWG's usual aliases).
func ParseEncoding(name string) (Encoding, error) {
	if enc, ok := encodingAliases[strings.ToLower(strings.TrimSpace(name))]; ok {
		return enc, nil
	}
	return "", fmt.Errorf("unknown encoding %q (known: utf-8 (utf8, utf-8-sig), utf-16 (BOM decides, little-endian default), "+
		"utf-16le, utf-16be, windows-1252 (cp1252, windows1252), iso-8859-1 (latin1, latin-1, iso8859-1), "+
		"macintosh (mac, macroman, mac-roman, x-mac-roman))", name)
}

// headSize is how much of the stream's start the Detector keeps: enough to see a BOM and
// to recognise UTF-16 without a BOM, small enough to keep memory constant.
const headSize = 4096

// The single-byte candidates, in the order that breaks ties: Windows-1252 is what
// nearly every "ANSI" file really is (and it decodes every Latin-1 letter like
// ISO-8859-1 does), Mac OS Roman is the rarer guess.
const (
	csWindows1252 = iota
	csISO88591
	csMacRoman
	numCharsets
)

var (
	charsetEncodings = [numCharsets]Encoding{EncodingWindows1252, EncodingISO88591, EncodingMacRoman}
	charsetMaps      = [numCharsets]*charmap.Charmap{charmap.Windows1252, charmap.ISO8859_1, charmap.Macintosh}
)

// Detector scans a whole stream and picks its encoding. It is an io.Writer so that a
// caller can feed it with io.Copy, or with io.MultiWriter next to a checksum, while the
// file is read once. Memory is constant whatever the stream's size: the Detector keeps
// the first headSize bytes, the last two bytes, the state of a UTF-8 validator and one
// plausibility score per single-byte candidate.
//
// Rules, in order: a BOM decides; then a start that looks like UTF-16 without a BOM;
// then a stream that is valid UTF-8 from start to end; otherwise the single-byte
// encoding under which the bytes ≥ 0x80 read most plausibly (see byteScore).
type Detector struct {
	head  []byte // the first headSize bytes
	total int64  // bytes written

	// UTF-8 validation across Write calls: pend holds the start of a multi-byte
	// sequence that the previous Write cut off.
	utf8Bad bool
	pend    []byte

	// Neighbours of the byte being scored: a byte ≥ 0x80 is scored when the byte after
	// it arrives, so prev2 (the byte before it) and prev (itself) are kept. -1 = start.
	prev2, prev int
	score       [numCharsets]int64
}

// NewDetector returns an empty Detector.
func NewDetector() *Detector { return &Detector{prev2: -1, prev: -1} }

// Write feeds the next bytes of the stream; it never fails.
func (d *Detector) Write(p []byte) (int, error) {
	if d.total == 0 {
		// Nothing written yet (this also makes the zero Detector usable): the bytes
		// before the first one are the start of the stream.
		d.prev, d.prev2 = -1, -1
	}
	if len(d.head) < headSize {
		d.head = append(d.head, p[:min(len(p), headSize-len(d.head))]...)
	}
	d.total += int64(len(p))
	d.checkUTF8(p)
	d.scoreBytes(p)
	return len(p), nil
}

// checkUTF8 keeps validating the stream as UTF-8. A sequence cut by the end of p is
// kept in pend and completed from the next Write, so the answer does not depend on how
// the stream was split.
func (d *Detector) checkUTF8(p []byte) {
	if d.utf8Bad {
		return
	}
	if len(d.pend) > 0 {
		take := min(utf8SeqLen(d.pend[0])-len(d.pend), len(p))
		d.pend = append(d.pend, p[:take]...)
		p = p[take:]
		if len(d.pend) < utf8SeqLen(d.pend[0]) {
			return // still incomplete: p was used up
		}
		if !utf8.Valid(d.pend) {
			d.utf8Bad = true
			return
		}
		d.pend = d.pend[:0]
	}
	// Hold back a sequence cut by the end of p: its lead byte is among the last 3 bytes.
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		if b := p[i]; b < 0x80 {
			break
		} else if b >= 0xC0 {
			if i+utf8SeqLen(b) > len(p) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(p[:cut]) {
		d.utf8Bad = true
		return
	}
	d.pend = append(d.pend, p[cut:]...)
}

// utf8SeqLen is the length a UTF-8 sequence starting with lead byte b claims. Invalid
// lead bytes (C0, C1, F5–FF) get a length too; utf8.Valid rejects them once complete.
func utf8SeqLen(b byte) int {
	switch {
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	default:
		return 4
	}
}

// scoreBytes scores, for every candidate charset, each byte ≥ 0x80 together with the
// bytes before and after it. Plain ASCII (nearly all bytes) costs one comparison.
func (d *Detector) scoreBytes(p []byte) {
	tables := detectTables()
	prev2, prev := d.prev2, d.prev
	for _, b := range p {
		if prev >= 0x80 {
			for cs := range numCharsets {
				d.score[cs] += int64(tables.score(cs, prev2, prev, int(b)))
			}
		}
		prev2, prev = prev, int(b)
	}
	d.prev2, d.prev = prev2, prev
}

// Encoding returns the encoding of the bytes written so far; call it after the whole
// stream was written. An empty stream is UTF-8.
func (d *Detector) Encoding() Encoding {
	if enc, _ := bomEncoding(d.head); enc != "" {
		return enc
	}
	if enc := utf16WithoutBOM(d.head); enc != "" {
		return enc
	}
	if !d.utf8Bad && len(d.pend) == 0 { // a sequence still pending at the end is truncated
		return EncodingUTF8
	}
	// The last byte has no byte after it yet: score it against the end of the stream
	// (on a copy, so Encoding can be called more than once).
	score := d.score
	if d.prev >= 0x80 {
		tables := detectTables()
		for cs := range numCharsets {
			score[cs] += int64(tables.score(cs, d.prev2, d.prev, -1))
		}
	}
	best := 0
	for cs := 1; cs < numCharsets; cs++ {
		if score[cs] > score[best] { // strictly greater: ties keep the earlier charset
			best = cs
		}
	}
	return charsetEncodings[best]
}

// BOM reports whether the stream starts with a byte order mark of the encoding that
// Encoding returns (Decode drops it).
func (d *Detector) BOM() bool {
	enc, _ := bomEncoding(d.head)
	return enc != "" && enc == d.Encoding()
}

// DetectEncoding reads r to its end and returns its encoding.
func DetectEncoding(r io.Reader) (Encoding, error) {
	d := NewDetector()
	if _, err := io.Copy(d, r); err != nil {
		return "", err
	}
	return d.Encoding(), nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// bomEncoding returns the encoding whose byte order mark b starts with, and its length.
func bomEncoding(b []byte) (Encoding, int) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return EncodingUTF8, len(bomUTF8)
	case bytes.HasPrefix(b, bomUTF16LE):
		return EncodingUTF16LE, len(bomUTF16LE)
	case bytes.HasPrefix(b, bomUTF16BE):
		return EncodingUTF16BE, len(bomUTF16BE)
	}
	return "", 0
}

// utf16WithoutBOM recognises UTF-16 text without a BOM from its start: Latin text in
// UTF-16LE is "T\x00e\x00x\x00t\x00", so most code units have a zero byte at the odd
// position and an ASCII byte at the even one (and the other way round for UTF-16BE).
// Text in UTF-8 or a single-byte charset practically never contains NUL bytes, so the
// 60 % / 10 % thresholds leave plenty of margin either way.
func utf16WithoutBOM(h []byte) Encoding {
	units := len(h) / 2
	if units < 2 {
		return ""
	}
	var le, be int // units that look like an ASCII character in LE / BE order
	for i := 0; i+1 < len(h); i += 2 {
		even, odd := h[i], h[i+1]
		switch {
		case odd == 0 && even != 0 && even < 0x80:
			le++
		case even == 0 && odd != 0 && odd < 0x80:
			be++
		}
	}
	switch {
	case le*10 >= units*6 && be*10 <= units:
		return EncodingUTF16LE
	case be*10 >= units*6 && le*10 <= units:
		return EncodingUTF16BE
	}
	return ""
}

// Decode returns a reader of the UTF-8 text that r holds in enc: a leading BOM is
// dropped, and bytes that are invalid in enc become U+FFFD. For the UTF-16 encodings a
// BOM overrides the endianness (so "utf-16", parsed as utf-16le, means "BOM decides,
// little-endian default").
func Decode(r io.Reader, enc Encoding) io.Reader {
	var e encoding.Encoding
	switch enc {
	case EncodingUTF16LE:
		e = xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	case EncodingUTF16BE:
		e = xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	case EncodingWindows1252:
		e = charmap.Windows1252
	case EncodingISO88591:
		e = charmap.ISO8859_1
	case EncodingMacRoman:
		e = charmap.Macintosh
	default: // EncodingUTF8 and anything unknown: UTF-8 is the only safe reading
		e = xunicode.UTF8BOM
	}
	return transform.NewReader(r, e.NewDecoder())
}

// NormalizeLineEnds returns a reader of r's bytes in which CRLF (Windows) and a bare CR
// (classic Mac OS, which Excel for Mac still writes) are LF. It streams: a CR that ends
// one Read is written as LF at once and remembered, so that a LF starting the next Read
// is dropped rather than making a second line end.
func NormalizeLineEnds(r io.Reader) io.Reader { return &lineEndReader{r: r} }

type lineEndReader struct {
	r      io.Reader
	justCR bool // the last byte read was a CR (already written as LF)
}

func (l *lineEndReader) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		// Rewrite p in place: the output is never longer than the input.
		w := 0
		for i := range n {
			c := p[i]
			switch {
			case c == '\r':
				p[w] = '\n'
				w++
				l.justCR = true
				continue
			case c == '\n' && l.justCR:
				l.justCR = false // the LF of a CRLF whose CR was written already
				continue
			}
			l.justCR = false
			p[w] = c
			w++
		}
		// Read only a lone LF of a split CRLF: read on rather than return 0, nil.
		if w > 0 || err != nil || n == 0 {
			return w, err
		}
	}
}

// Plausibility scoring. Every byte ≥ 0x80 is decoded under each candidate charset and
// scored with its neighbours, which are classed coarsely (space, lower- or upper-case
// letter, digit, punctuation). What the byte itself decodes to is classed finely
// (charCat). The scores encode what real text looks like: a control character is never
// text; typographic punctuation sits between words in particular ways; an accented
// letter sits inside a word; a capital does not follow a small letter inside a word;
// mathematical signs and spacing accents do not sit inside words at all. Because
// Windows-1252 and Mac OS Roman put letters and punctuation on each other's codes
// (Mac ’ is Windows Õ, Windows ’ is Mac í), the right charset collects positive scores
// where the wrong one collects negative or smaller ones, and the sum over a file decides.

type charCat uint8

const (
	catASCII       charCat = iota // a byte < 0x80 (only ever a neighbour)
	catControl                    // C1 control (ISO-8859-1 0x80–0x9F) or undefined Windows-1252 byte
	catLower                      // lower-case letter: é ü ñ ç à ß …
	catLowerRare                  // lower-case letter that rarely starts or ends a word: ì ò ù ë ï ñ ç ã õ …
	catUpper                      // upper-case letter: É Ü Ñ Õ Ò Ž …
	catApostrophe                 // ’
	catOpenSingle                 // ‘
	catOpenDouble                 // “
	catCloseDouble                // ”
	catEnDash                     // –
	catEmDash                     // —
	catEllipsis                   // …
	catBullet                     // •
	catGuilOpen                   // « ‹
	catGuilClose                  // » ›
	catCurrency                   // € £ ¥ ¢
	catNBSP                       // no-break space
	catDegree                     // °
	catInverted                   // ¿ ¡
	catMild                       // © ® ™ § ¶ ± × ÷ ½ ² ª º ´ ¨ …: plausible, not inside a word
	catOdd                        // √ ∂ ∑ ¬ ˆ ˜ ¯ ˘ ˙ ˚ ¸ ˝ ˛ ˇ ◊ ∆ ≈ ≠ ≤ ≥ ∞ π Ω µ ƒ ‡ · ‚ „ ‰ ı ﬁ ﬂ …
	numCats
)

// Neighbour classes. The start and the end of the stream count as space.
const (
	nbSpace = iota
	nbLower
	nbUpper
	nbDigit
	nbPunct
	numNbrs
)

// rareAtWordEdge are lower-case letters that (in the languages of UN documents) do not
// start or end words. Windows-1252's “ ‘ ” • – read as Mac OS Roman are ì ë î ï ñ, so
// this is what tells an opening quote from a letter.
const rareAtWordEdge = "ìòùëïîñçãõâêôûäöÿ"

// oddRunes are symbols that count as odd even though Unicode calls some of them letters.
const oddRunes = "ƒµıﬁﬂ‚„‰‡†·¬√∂∑∏∫◊∆≈≠≤≥∞πΩ˘˙˚¸˝˛ˇˆ˜¯\uF8FF¤¦"

const mildRunes = "©®™§¶±×÷¼½¾¹²³ªº´¨"

type detectTable struct {
	cat   [numCharsets][256]charCat
	nbr   [numCharsets][256]uint8
	table [numCats][numNbrs][numNbrs]int8
}

var detectTablesOnce = sync.OnceValue(buildDetectTables)

func detectTables() *detectTable { return detectTablesOnce() }

// score returns the plausibility of byte cur under charset cs, between prev and next
// (-1 = start or end of the stream).
func (t *detectTable) score(cs, prev, cur, next int) int8 {
	p, n := uint8(nbSpace), uint8(nbSpace)
	if prev >= 0 {
		p = t.nbr[cs][prev]
	}
	if next >= 0 {
		n = t.nbr[cs][next]
	}
	return t.table[t.cat[cs][cur]][p][n]
}

func buildDetectTables() *detectTable {
	t := new(detectTable)
	for cs, cm := range charsetMaps {
		for b := range 256 {
			r := cm.DecodeByte(byte(b))
			if cs == csWindows1252 && isUndefined1252(byte(b)) {
				r = rune(b) // shown as the C1 control of the same number
			}
			t.cat[cs][b] = classifyRune(r)
			t.nbr[cs][b] = neighbourClass(r)
		}
	}
	for c := range charCat(numCats) {
		for p := range numNbrs {
			for n := range numNbrs {
				t.table[c][p][n] = catScore(c, p, n)
			}
		}
	}
	return t
}

// isUndefined1252 reports the five bytes Windows-1252 leaves undefined.
func isUndefined1252(b byte) bool {
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
}

func classifyRune(r rune) charCat {
	switch {
	case r < 0x80:
		return catASCII
	case r <= 0x9F:
		return catControl
	case strings.ContainsRune(oddRunes, r):
		return catOdd
	case strings.ContainsRune(mildRunes, r):
		return catMild
	}
	switch r {
	case '’':
		return catApostrophe
	case '‘':
		return catOpenSingle
	case '“':
		return catOpenDouble
	case '”':
		return catCloseDouble
	case '–':
		return catEnDash
	case '—':
		return catEmDash
	case '…':
		return catEllipsis
	case '•':
		return catBullet
	case '«', '‹':
		return catGuilOpen
	case '»', '›':
		return catGuilClose
	case '€', '£', '¥', '¢':
		return catCurrency
	case '\u00A0':
		return catNBSP
	case '°':
		return catDegree
	case '¿', '¡':
		return catInverted
	}
	switch {
	case unicode.IsLower(r) && strings.ContainsRune(rareAtWordEdge, r):
		return catLowerRare
	case unicode.IsLower(r):
		return catLower
	case unicode.IsUpper(r):
		return catUpper
	}
	return catOdd
}

func neighbourClass(r rune) uint8 {
	switch {
	case unicode.IsSpace(r):
		return nbSpace
	case r >= '0' && r <= '9':
		return nbDigit
	case r >= 0x80 && r <= 0x9F, strings.ContainsRune(oddRunes, r):
		return nbPunct
	case unicode.IsLower(r):
		return nbLower
	case unicode.IsUpper(r):
		return nbUpper
	}
	return nbPunct
}

// catScore is the plausibility of a character of class c between neighbours p and n.
func catScore(c charCat, p, n int) int8 {
	letter := func(x int) bool { return x == nbLower || x == nbUpper }
	midWord := letter(p) && letter(n)
	switch c {
	case catControl:
		return -10 // never text
	case catLower, catLowerRare:
		switch {
		case midWord && p == nbUpper && n == nbUpper:
			return -1 // a small letter inside a word in capitals
		case midWord:
			return 3
		case n == nbUpper:
			return -1 // "ìThe": a small letter before a capital
		case letter(p) || letter(n):
			if c == catLowerRare {
				return 0 // ends or starts a word, which this letter seldom does
			}
			return 2
		case p == nbDigit || n == nbDigit:
			return 0
		}
		return 1 // a one-letter word ("à")
	case catUpper:
		switch {
		case p == nbLower && n == nbLower:
			return -3 // "AfghanistanÕs"
		case p == nbLower:
			return -2 // "cafÈ"
		case p == nbUpper && n == nbLower:
			return 0
		case p == nbUpper:
			return 2 // inside a word in capitals: "MÉXICO"
		case p == nbDigit:
			return 0
		case letter(n):
			return 1 // starts a word: "École"
		}
		return 0
	case catApostrophe:
		switch {
		case midWord:
			return 3 // don’t, l’État
		case letter(p) || p == nbDigit:
			return 3 // States’, 1990’s
		case letter(n):
			return 2 // ’tis, or used as an opening quote
		}
		return 0
	case catOpenSingle:
		switch {
		case !letter(p) && (letter(n) || n == nbDigit):
			return 3
		case midWord:
			return 1 // used as an apostrophe
		}
		return 0
	case catOpenDouble:
		switch {
		case letter(p):
			return -1
		case p != nbDigit && (letter(n) || n == nbDigit || n == nbPunct):
			return 3
		}
		return 0
	case catCloseDouble:
		switch {
		case midWord:
			return -1
		case (letter(p) || p == nbDigit || p == nbPunct) && !letter(n):
			return 3
		}
		return 0
	case catEnDash:
		switch {
		case p == nbSpace && n == nbSpace, p == nbDigit && n == nbDigit:
			return 3
		case midWord:
			return 0
		}
		return 1
	case catEmDash:
		switch {
		case p == nbSpace && n == nbSpace, p == nbLower && n == nbLower:
			return 3
		case midWord:
			return 0 // "ESPA—A" is Windows' Ñ read as Mac OS Roman
		}
		return 1
	case catEllipsis:
		switch {
		case midWord:
			return -2
		case (letter(p) || p == nbPunct) && !letter(n):
			return 3
		}
		return 1
	case catBullet:
		switch {
		case midWord:
			return -2
		case p == nbSpace && n == nbSpace:
			return 2
		}
		return 0
	case catGuilOpen:
		switch {
		case midWord:
			return -2
		case !letter(p):
			return 2
		}
		return 0
	case catGuilClose:
		switch {
		case midWord:
			return -2
		case !letter(n):
			return 2
		}
		return 0
	case catCurrency:
		switch {
		case midWord:
			return -2
		case p == nbDigit || n == nbDigit:
			return 2
		}
		return 0
	case catDegree:
		switch {
		case p == nbDigit:
			return 2
		case midWord:
			return -3
		}
		return 0
	case catInverted:
		switch {
		case midWord:
			return -3
		case !letter(p) && letter(n):
			return 2
		}
		return 0
	case catMild:
		if midWord {
			return -2
		}
		return 0
	case catOdd:
		switch {
		case midWord:
			return -3
		case letter(p) || letter(n):
			return -1
		}
		return 0
	}
	return 0 // catNBSP, catASCII
}
