// `npm run demo`: prints a State's profile from a running hub with the typed client.
//   HUB_URL    the GraphQL endpoint (default http://127.0.0.1:8080/graphql)
//   HUB_STATE  ISO 3166-1 alpha-3 code (default MAR)
//   HUB_LANG   AR, EN, ES, FR, PT, RU or ZH (default: the hub's, English)
//   HUB_TOKEN  an API token, when the hub asks for one
//   HUB_SEARCH words to search for in the State's recommendations (default: trafficking)
//   HUB_SEARCH_LANG the language of the texts searched (default EN)
// Exits 1 with the error code on a failure, 2 on a bad setting.
import { HubClient, HubError } from "./client";
import type { Language } from "./gql/graphql";
import {
  countryProfile,
  executiveCommittee,
  recommendationFacets,
  searchPage,
  stateRecommendationsPage,
  type Facet,
} from "./operations";

const LANGUAGES: readonly Language[] = ["AR", "EN", "ES", "FR", "PT", "RU", "ZH"];

const ROLE_LABEL: Record<string, string> = {
  EXECUTIVE_COMMITTEE_COORDINATOR: "Executive Committee (coordinator)",
  EXECUTIVE_COMMITTEE: "Executive Committee",
  MEMBER: "member",
};

function short(text: string, max = 110): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

function top(facets: Facet[], n = 5): string {
  return facets.length ? facets.slice(0, n).map((f) => `${f.label} ${f.count}`).join(" · ") : "(none)";
}

// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on("error", (err: NodeJS.ErrnoException) => process.exit(err.code === "EPIPE" ? 0 : 1));

async function main(): Promise<number> {
  const endpoint = process.env.HUB_URL || "http://127.0.0.1:8080/graphql";
  const code = (process.env.HUB_STATE || "MAR").toUpperCase();
  const langSetting = process.env.HUB_LANG?.toUpperCase();
  if (langSetting && !LANGUAGES.includes(langSetting as Language)) {
    console.error(`HUB_LANG=${langSetting}: use one of ${LANGUAGES.join(", ")}`);
    return 2;
  }
  const lang = langSetting as Language | undefined;
  const client = new HubClient({ endpoint, token: process.env.HUB_TOKEN || undefined, lang });

  const profile = await countryProfile(client, code);
  if (!profile) {
    console.error(`NOT_FOUND: no State with code ${code} at ${client.endpoint}`);
    return 1;
  }
  const served = profile.nameLanguage ?? "EN";
  const fallback = lang && served !== lang ? ` (no ${lang} name; served in ${served})` : ` [${served}]`;
  console.log(`${profile.name} (${profile.code})${fallback}`);
  if (profile.unRegionalGroup) console.log(`  UN regional group: ${profile.unRegionalGroup}`);

  console.log(`\nNMIRF${profile.nmirfs.length === 1 ? "" : "s"}:`);
  if (!profile.nmirfs.length) console.log("  (none known to the hub)");
  for (const n of profile.nmirfs) {
    const name = n.acronym ? `${n.name} (${n.acronym})` : n.name;
    const roles = n.networkRoles.length
      ? n.networkRoles.map((r) => ROLE_LABEL[r] ?? r).join(", ")
      : "not a listed member";
    console.log(`  ${name}${n.nameKnown ? "" : " [descriptive name, not its own]"}`);
    console.log(`    Network role: ${roles}`);
    if (n.trackingTool) console.log(`    Tracking tool: ${n.trackingTool}`);
  }

  console.log(`\nRecommendations received: ${profile.recommendationsReceived}`);
  const facets = await recommendationFacets(client, { stateCodes: [code] });
  const positions = facets.byPosition.map((f) => ({ ...f, label: f.label.toLowerCase().replace("_", " ") }));
  console.log(`  by position:  ${top(positions)}`);
  console.log(`  by theme:     ${top(facets.byTheme)}`);
  console.log(`  by mechanism: ${top(facets.byMechanism)}`);
  console.log(`  by year:      ${top(facets.byYear)}`);
  console.log(`  recommended most by: ${top(facets.byRecommendingState)}`);

  // The first page of a paged connection; the next would be asked for with after = endCursor.
  const page = await stateRecommendationsPage(client, code, null, { first: 5 });
  if (page) {
    console.log(`\nLatest recommendations (${page.nodes.length} of ${page.totalCount}):`);
    for (const r of page.nodes) {
      const where = [r.mechanism, r.year, r.position?.toLowerCase().replace("_", " ")].filter(Boolean).join(" ");
      const by = r.recommendedBy.length ? ` by ${r.recommendedBy.slice(0, 3).join(",")}` : "";
      // The texts often repeat their paragraph number ("129.1. Establish…").
      const text = r.paragraph && r.text.startsWith(r.paragraph) ? r.text.slice(r.paragraph.length).replace(/^[.\s]+/, "") : r.text;
      console.log(`  ${r.paragraph ?? "-"} [${where}${by}] ${short(text, 90)}`);
    }
    if (page.pageInfo.hasNextPage) console.log(`  … next page: after "${page.pageInfo.endCursor}"`);
  }

  // Search looks in the texts of one language; most recommendations exist in English only.
  const query = process.env.HUB_SEARCH || "trafficking";
  const searchLang = (process.env.HUB_SEARCH_LANG?.toUpperCase() || "EN") as Language;
  const hits = await searchPage(client, query, null, {
    lang: searchLang,
    types: ["RECOMMENDATION"],
    filter: { stateCodes: [code] },
    first: 3,
  });
  console.log(`\nSearch "${query}" in its recommendations (${searchLang} texts):`);
  if (!hits.nodes.length) console.log("  (no hit)");
  for (const h of hits.nodes) console.log(`  ${h.label} (score ${h.score.toFixed(2)}): ${short(h.snippet ?? "", 90)}`);

  const net = await executiveCommittee(client);
  if (net) {
    const { network, committee } = net;
    const reported = network.reportedMemberCount
      ? `; ${network.reportedMemberCount.count} members reported as of ${network.reportedMemberCount.asOf}`
      : "";
    console.log(`\n${network.name}: ${network.listedMembers} members listed by the hub${reported}`);
    console.log("  Executive Committee:");
    for (const m of committee) {
      const name = m.nmirf.acronym ? `${m.nmirf.name} (${m.nmirf.acronym})` : m.nmirf.name;
      const coord = m.role === "EXECUTIVE_COMMITTEE_COORDINATOR" ? " — coordinator" : "";
      console.log(`    ${m.state.name} (${m.state.code}): ${name}${coord}`);
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof HubError) {
      console.error(`hub error: ${err.message}`); // the message starts with the code
    } else {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    }
    process.exit(1);
  },
);
