// Examples of the client, type-checked by `npm run typecheck` (so they stay right as the schema
// changes). Run them all against a hub: `HUB_URL=http://127.0.0.1:8080/graphql npx tsx src/examples.ts`.
import { HubClient, HubError } from "./client";
import {
  CountryProfileQuery,
  countryProfile,
  createFollowUpAction,
  executiveCommittee,
  networkMembers,
  recommendationFacets,
  searchPage,
  stateRecommendations,
  stateRecommendationsPage,
} from "./operations";

/** A raw typed request: the result and the variables are typed from the document. */
export async function rawRequest(hub: HubClient): Promise<void> {
  const data = await hub.request(CountryProfileQuery, { code: "MAR" }); // $lang comes from the client
  console.log(data.state?.name, data.state?.nmirfs.map((n) => n.acronym ?? n.name));
}

/** Paging by hand: pageInfo { hasNextPage endCursor } and `after`. */
export async function pagingByHand(hub: HubClient): Promise<number> {
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    const page: Awaited<ReturnType<typeof stateRecommendationsPage>> = await stateRecommendationsPage(hub, "MAR", after, { first: 50 });
    if (!page) return seen; // unknown State
    seen += page.nodes.length;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return seen;
    after = page.pageInfo.endCursor;
  }
}

/** Paging with the async iterator: pages are fetched as the loop asks for them. */
export async function pagingWithIterator(hub: HubClient): Promise<string[]> {
  const noted: string[] = [];
  for await (const r of stateRecommendations(hub, "MAR", { first: 50, filter: { positions: ["NOTED"] } })) {
    noted.push(r.paragraph ?? r.id);
  }
  return noted;
}

/** The Network, its reported member count and its Executive Committee. */
export async function networkAndCommittee(hub: HubClient): Promise<void> {
  const net = await executiveCommittee(hub);
  if (!net) return;
  console.log(net.network.name, net.network.reportedMemberCount?.count, "members reported");
  for (const m of net.committee) console.log(m.role, m.state.code, m.nmirf.acronym ?? m.nmirf.name);
  for await (const m of networkMembers(hub)) console.log("member:", m.state.code, m.role);
}

/** Search with snippets, best first. */
export async function searchWithSnippets(hub: HubClient): Promise<void> {
  // `lang` is the language of the texts searched: these recommendations exist in English only,
  // so it is given here over the client's.
  const hits = await searchPage(hub, "trafficking", null, {
    lang: "EN",
    types: ["RECOMMENDATION", "GOOD_PRACTICE"],
    filter: { stateCodes: ["MAR"] },
    first: 5,
  });
  for (const h of hits.nodes) console.log(h.type, h.label, h.score.toFixed(2), h.snippet);
}

/** Facets of a filtered set, e.g. for a dashboard's charts. */
export async function facets(hub: HubClient): Promise<void> {
  const f = await recommendationFacets(hub, { stateCodes: ["MAR"] });
  console.log(f.total, f.byPosition, f.byTheme.slice(0, 5), f.byYear);
}

/** A write with an editor's token; input problems come back with their field paths. */
export async function followUp(hub: HubClient, token: string, nmirfId: string, recommendationId: string): Promise<void> {
  const res = await createFollowUpAction(hub.with({ token }), {
    nmirfId,
    recommendationId,
    title: "Draft the bill criminalising enforced disappearance",
    dueDate: "2027-06-30",
  });
  if (res.ok) console.log("written", res.node.id, res.node.status);
  else for (const e of res.errors) console.log(e.code, e.field, e.message);
}

// Run as a script: every read example against HUB_URL, in French names where the hub has them.
if (import.meta.url === `file://${process.argv[1]}`) {
  const hub = new HubClient({ endpoint: process.env.HUB_URL || "http://127.0.0.1:8080/graphql", lang: "FR" });
  try {
    await rawRequest(hub);
    console.log("paged by hand:", await pagingByHand(hub));
    console.log("noted:", (await pagingWithIterator(hub)).join(" "));
    await networkAndCommittee(hub);
    await searchWithSnippets(hub);
    await facets(hub);
    console.log("profile:", (await countryProfile(hub, "PRY"))?.nmirfs[0]?.networkRoles);
  } catch (e) {
    if (e instanceof HubError) console.error(e.code, e.message);
    process.exitCode = 1;
  }
}
