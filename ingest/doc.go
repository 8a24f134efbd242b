// Package ingest reads recommendation files of the formats found in the wild, normalises
// them and validates them, without touching the database: file → ingest → store.
//
// Open returns a Reader that yields one Row (a store.RecommendationRecord and its document)
// or one Rejection (line, field, reason) at a time, so memory stays flat whatever the file
// size. Formats:
//
//   - uhri-json: OHCHR's UHRI bulk export, one JSON array of objects (AnnotationId, Body,
//     Countries, Symbol, Text, Upr…), streamed element by element; NDJSON is accepted too.
//     Line is the record number.
//   - uhri-xlsx: UHRI's XLSX export (Text, Countries Concerned, Reccomending Body, …, with
//     OHCHR's typos), streamed row by row. Line is the spreadsheet row.
//   - csv (and TSV): a header row, then records. Presets: "uhri" (the XLSX column names) and
//     "upr-csv" (researcher files text,to,decision,from,year; mechanism UPR, cycle from the
//     year). Line is the line the record starts on.
//   - hub-json: the hub's own export (HubRecord), array or NDJSON; taken as it is apart
//     from checking that every reference exists.
//   - upr-matrix: OHCHR's thematic list / matrix of recommendations of a UPR review (.docx),
//     uprmatrix.go. Line is the table row.
//
// # Fields
//
// Every format maps its columns onto these fields. Options.Map (the CLI's --map
// "COLUMN=field,…", read by ParseMapFlag) maps any column to one of them; a CSV without a
// preset may also use them as headers. Names match in any case; aliases are in parentheses.
//
//	key                     the record's key (default: see below)
//	text (text_en)          the English text; text_fr, text_es, text_ar, text_zh, text_ru, text_pt
//	paragraph               paragraph number (default: the number the text starts with)
//	type                    Recommendations / Concerns/Observations / … (names/annotation-types.tsv)
//	publishedOn (date)      document date: YYYY-MM-DD, ISO date-time or Excel serial
//	year                    year (default: from publishedOn)
//	uprCycle (cycle)        UPR cycle (default for UPR: from the session, else the year)
//	uprSession (session)    UPR session ("41", "41st session")
//	uhriAnnotationId        UHRI AnnotationId
//	mechanism (body)        body label, code, key or name ("- CRC", "SR on torture")
//	documentSymbol (symbol, document)  UN symbol, e.g. CRC/C/PER/CO/6-7
//	documentKey             document key (default: slug of the symbol)
//	documentTitle           document title
//	uhriDocumentId          UHRI DocumentId
//	position (decision)     Supported / Noted / Supported/Noted / support / noted …,
//	                        optionally "Supported - A/HRC/59/15/Add.1 - Para.3"
//	positionSource          symbol of the document holding the position
//	positionParagraph       its paragraph
//	stateCodes (states, state, country, countries)   States under review: names or ISO codes
//	recommendingStateCodes (recommendingStates)      recommending States
//	themeKeys (themes, theme)                        UHRI theme labels or keys
//	affectedGroupKeys (affectedGroups)               UHRI affected-persons labels or keys
//	sdgCodes (sdgs, sdg)    "16.2 - Protect children …", "16 - PEACE, …", "5.2"
//	sourceKeys (sources)    keys of the hub's Source nodes
//	-  (ignore)             drop the column
//
// Cells may hold several values: one per line (UHRI's XLSX), or separated by "|"; State,
// SDG and position lists may also use ";" (theme labels contain ";").
//
// # Normalisation
//
// Labels lose UHRI's "- " prefix; HTML entities are decoded everywhere (texts are otherwise
// kept as the source wrote them, paragraph number included). States are matched by UN name,
// UN long form ("Iran (Islamic Republic of)") and its reversed and short forms, listed
// variants (Turkey/Türkiye, …), ISO codes in capitals ("ES"), names run together in lower
// case ("costarica") and names without accents. A record without a State takes it from a
// treaty-body symbol (CEDAW/C/ALB/CO/4 → ALB; A/… symbols are not read). Recommending States
// that are missing (UPR) or unreadable ("Islamic Republic of") are read from the closing
// brackets of the text ("… (Chile and Peru);"). The States, mechanisms and taxonomies are
// package refdata's; how files spell them (variants, aliases, vocabularies) is in TSV files
// under names/.
//
// The key is the UHRI AnnotationId when there is one, else document key and paragraph, else
// a hash of the States, paragraph and text (domain.RecommendationKey): identical rows of a
// file share a key, so writing them twice stores one recommendation.
//
// A record is rejected, with its line and the field as the source names it, for an empty
// text or one over 64 KB, an unknown or ambiguous State, an unknown body, SDG, a malformed
// date, year, cycle or session, or no State under review (hub-json records may have none).
// An unmapped position or an unknown theme or group label is a warning (Row.Notes): the
// record is kept without it (pipeline.go: --strict rejects instead, --add-labels creates
// the label). Missing values (NA, N/A, None, null, -, ?, unknown) are empty, never a code.
//
// pipeline.go is the import: encoding detected over the whole file (textdecode.go), the
// records read (csvrecords.go for CSV: Python's csv rules, and no stray quote glues rows),
// merged into the graph by identity (domain.RecommendationAliases, store.MergeImportBatch),
// every record counted once.
package ingest
