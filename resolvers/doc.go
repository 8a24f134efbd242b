// Package resolvers implements the GraphQL schema. Resolvers stay thin: they turn
// arguments into domain values and call the store (reads), the curation service (writes) or
// the request's loaders (nested reads).
//
// # Loading nested fields: one mechanism
//
// A query's round trips to Neo4j depend on its shape only — never on page sizes, on how
// many parents a list has, or on timing. Every nested field that needs the database goes
// through the same three steps:
//
//  1. gqlgen calls it as a batch resolver (gqlgen.yml `batch: true`): once per list of
//     parents, with all of them (batch.go: loadOne, loadLists).
//  2. It loads through the request's batcher for that kind of lookup (loaders.go; batcher.go
//     wraps a dataloadgen loader): a call that no other call can join — at most one list
//     encloses the field — fetches at once (loadNow); deeper calls use the sibling fetch.
//  3. The sibling fetch (siblings.go): each batch field records the parents it returned,
//     under its path without list indices; the first call of a field below that path fetches
//     the keys of all recorded sibling parents in one query, and the other calls read their
//     part from memory. The dataloadgen wait only merges calls the first two steps cannot
//     see coming.
//
// Before these steps, wherever the whole selection below is known (a root field returning
// one node, a batch field no other call can join, a page's items), the selection is
// compiled into one read (plan.go): the links it follows, as deep as it nests, and one page
// of a node's recommendations without a filter (pages.go), come in one statement and prime
// the batchers, so the steps above find everything in memory and cost nothing. Facets (facets.go) count every selected facet in one
// query. The store counts each statement as a round trip (store.WithRoundTripCounter), and
// httpapi's tests pin the counts per query shape.
package resolvers
