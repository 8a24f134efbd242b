// Operations a frontend of the hub runs, typed by the code generated from schema.graphqls, and
// helpers that run them through a HubClient and return plain objects.
// Each stays within the server's limits: at most 6 levels of fields, 1000 tokens per document.
import { graphql } from "./gql";
import type {
  CreateFollowUpActionInput,
  Language,
  MembershipRole,
  PositionValue,
  RecommendationFilter,
  RecommendationOrder,
  SearchType,
} from "./gql/graphql";
import type { HubClient } from "./client";

// ---------------------------------------------------------------------------------------------
// Documents. Exported so that callers can run them with `client.request(Document, variables)`.

/** A State with its names, its NMIRFs and their roles in the network, and how many recommendations it received. */
export const CountryProfileQuery = graphql(`
  query CountryProfile($code: String!, $lang: Language) {
    state(code: $code) {
      id
      code
      name(lang: $lang)
      nameLanguage(lang: $lang)
      unMember
      unRegionalGroup
      nmirfs {
        id
        name(lang: $lang)
        nameLanguage(lang: $lang)
        nameKnown
        acronym
        website
        trackingTool
        networkMemberships {
          role
          since
        }
      }
      recommendationsReceived {
        totalCount
      }
    }
  }
`);

/** One page of the recommendations a State received: pass `after: pageInfo.endCursor` for the next. */
export const StateRecommendationsQuery = graphql(`
  query StateRecommendations(
    $code: String!
    $lang: Language
    $first: Int
    $after: String
    $filter: RecommendationFilter
    $orderBy: RecommendationOrder
  ) {
    state(code: $code) {
      recommendationsReceived(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          paragraph
          text(lang: $lang)
          textLanguage(lang: $lang)
          year
          mechanism {
            code
          }
          position {
            value
          }
          recommendingStates {
            code
          }
          themes {
            name(lang: $lang)
          }
        }
      }
    }
  }
`);

/** The International Network of NMIRFs and one page of its members, Executive Committee first. */
export const NetworkQuery = graphql(`
  query Network($lang: Language, $first: Int, $after: String) {
    network {
      id
      name(lang: $lang)
      nameLanguage(lang: $lang)
      foundingInstrument {
        title(lang: $lang)
        adoptedOn
      }
      reportedMemberCount {
        count
        asOf
        source {
          title
        }
      }
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          role
          since
          node {
            id
            name(lang: $lang)
            nameKnown
            acronym
            state {
              code
              name(lang: $lang)
            }
          }
        }
      }
    }
  }
`);

/** Full-text search with a snippet per hit, forward paging with `after`. */
export const SearchQuery = graphql(`
  query Search(
    $query: String!
    $lang: Language
    $types: [SearchType!]
    $filter: RecommendationFilter
    $first: Int
    $after: String
  ) {
    search(query: $query, lang: $lang, types: $types, filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        score
        snippet
        matchedFields
        node {
          __typename
          id
          ... on Recommendation {
            paragraph
            states {
              code
            }
          }
          ... on GoodPractice {
            title(lang: $lang)
          }
          ... on State {
            code
            name(lang: $lang)
          }
          ... on NMIRF {
            name(lang: $lang)
            acronym
          }
          ... on Theme {
            name(lang: $lang)
          }
          ... on AffectedGroup {
            name(lang: $lang)
          }
          ... on Mechanism {
            code
            name(lang: $lang)
          }
          ... on Source {
            title
          }
        }
      }
    }
  }
`);

/** Counts of a filtered set of recommendations by theme, position, mechanism, year and recommending State. */
export const RecommendationFacetsQuery = graphql(`
  query RecommendationFacets($filter: RecommendationFilter) {
    recommendationFacets(filter: $filter) {
      total
      byTheme {
        key
        label
        count
      }
      byPosition {
        key
        label
        count
      }
      byMechanism {
        key
        label
        count
      }
      byYear {
        key
        label
        count
      }
      byRecommendingState {
        key
        label
        count
      }
    }
  }
`);

export const PeerPracticesQuery = graphql(`
  query PeerPractices($code: String!, $first: Int, $lang: Language) {
    state(code: $code) {
      peerPractices(first: $first) {
        score
        reason
        practice {
          title(lang: $lang)
          state {
            code
          }
        }
      }
    }
  }
`);

export const CreateFollowUpActionMutation = graphql(`
  mutation CreateFollowUpAction($input: CreateFollowUpActionInput!) {
    createFollowUpAction(input: $input) {
      followUpAction {
        id
        version
        status
        dueDate
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// ---------------------------------------------------------------------------------------------
// Paging.

/** What a forward page of a connection holds. */
export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount?: number;
}

/**
 * Pages through a connection: calls `fetchPage` with `after` = null, then with each page's
 * `pageInfo.endCursor` while `hasNextPage`, and yields the items one by one. Stop early with
 * `break`; no further page is fetched then.
 */
export async function* paginate<T>(
  fetchPage: (after: string | null) => Promise<Page<T> | null>,
): AsyncGenerator<T, void, undefined> {
  let after: string | null = null;
  for (;;) {
    const page: Page<T> | null = await fetchPage(after);
    if (!page) return;
    yield* page.nodes;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    after = page.pageInfo.endCursor;
  }
}

// ---------------------------------------------------------------------------------------------
// Country profile.

export type NetworkRole = MembershipRole;

export interface CountryProfile {
  code: string;
  name: string;
  /** The language `name` is in: the one asked for, or the fallback when the hub has no name in it. */
  nameLanguage: Language | null;
  unRegionalGroup: string | null;
  nmirfs: {
    id: string;
    name: string;
    nameLanguage: Language | null;
    /** False when `name` only describes the mechanism and is not to be cited as its name. */
    nameKnown: boolean;
    acronym: string | null;
    website: string | null;
    trackingTool: string | null;
    /** Its roles in the International Network of NMIRFs; empty when it is not a known member. */
    networkRoles: NetworkRole[];
  }[];
  recommendationsReceived: number;
}

/** A State's profile; null when the code is unknown. Names in the client's language unless `lang` is given. */
export async function countryProfile(
  client: HubClient,
  code: string,
  lang?: Language,
): Promise<CountryProfile | null> {
  const data = await client.request(CountryProfileQuery, lang ? { code, lang } : { code });
  const s = data.state;
  if (!s) return null;
  return {
    code: s.code,
    name: s.name,
    nameLanguage: s.nameLanguage ?? null,
    unRegionalGroup: s.unRegionalGroup ?? null,
    nmirfs: s.nmirfs.map((n) => ({
      id: n.id,
      name: n.name,
      nameLanguage: n.nameLanguage ?? null,
      nameKnown: n.nameKnown,
      acronym: n.acronym ?? null,
      website: n.website ?? null,
      trackingTool: n.trackingTool ?? null,
      networkRoles: n.networkMemberships.map((m) => m.role),
    })),
    recommendationsReceived: s.recommendationsReceived.totalCount,
  };
}

// ---------------------------------------------------------------------------------------------
// Recommendations of a State, page by page.

export interface RecommendationSummary {
  id: string;
  paragraph: string | null;
  text: string;
  textLanguage: Language | null;
  year: number | null;
  mechanism: string | null;
  position: PositionValue | null;
  recommendedBy: string[];
  themes: string[];
}

export interface RecommendationsOptions {
  /** Page size, 1 to 100 (20 by default). */
  first?: number;
  filter?: RecommendationFilter;
  orderBy?: RecommendationOrder;
  lang?: Language;
}

/** One page of a State's recommendations, after the cursor `after` (the first page when null); null when the code is unknown. */
export async function stateRecommendationsPage(
  client: HubClient,
  code: string,
  after: string | null,
  opts: RecommendationsOptions = {},
): Promise<(Page<RecommendationSummary> & { totalCount: number }) | null> {
  const data = await client.request(StateRecommendationsQuery, {
    code,
    after,
    first: opts.first ?? 20,
    filter: opts.filter ?? null,
    orderBy: opts.orderBy ?? null,
    ...(opts.lang ? { lang: opts.lang } : {}),
  });
  const conn = data.state?.recommendationsReceived;
  if (!conn) return null;
  return {
    totalCount: conn.totalCount,
    pageInfo: { hasNextPage: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor ?? null },
    nodes: conn.nodes.map((r) => ({
      id: r.id,
      paragraph: r.paragraph ?? null,
      text: r.text,
      textLanguage: r.textLanguage ?? null,
      year: r.year ?? null,
      mechanism: r.mechanism?.code ?? null,
      position: r.position?.value ?? null,
      recommendedBy: r.recommendingStates.map((s) => s.code),
      themes: r.themes.map((t) => t.name),
    })),
  };
}

/**
 * Every recommendation a State received, fetched page by page as the loop asks for them:
 * `for await (const r of stateRecommendations(client, "MAR")) …`.
 */
export function stateRecommendations(
  client: HubClient,
  code: string,
  opts: RecommendationsOptions = {},
): AsyncGenerator<RecommendationSummary, void, undefined> {
  return paginate((after) => stateRecommendationsPage(client, code, after, opts));
}

// ---------------------------------------------------------------------------------------------
// The network and its Executive Committee.

export interface NetworkMember {
  role: NetworkRole;
  since: string | null;
  nmirf: { id: string; name: string; nameKnown: boolean; acronym: string | null };
  state: { code: string; name: string };
}

export interface NetworkOverview {
  id: string;
  name: string;
  nameLanguage: Language | null;
  foundedBy: { title: string; adoptedOn: string | null } | null;
  /** The member count the network reported (it may exceed the members the hub lists). */
  reportedMemberCount: { count: number; asOf: string; source: string } | null;
  /** How many members the hub lists. */
  listedMembers: number;
}

/** The network, its members listed by the hub, and a cursor to the next page of members. */
export async function networkPage(
  client: HubClient,
  after: string | null,
  opts: { first?: number; lang?: Language } = {},
): Promise<{ network: NetworkOverview; members: Page<NetworkMember> } | null> {
  const data = await client.request(NetworkQuery, {
    first: opts.first ?? 20,
    after,
    ...(opts.lang ? { lang: opts.lang } : {}),
  });
  const n = data.network;
  if (!n) return null;
  const reported = n.reportedMemberCount;
  return {
    network: {
      id: n.id,
      name: n.name,
      nameLanguage: n.nameLanguage ?? null,
      foundedBy: n.foundingInstrument
        ? { title: n.foundingInstrument.title, adoptedOn: n.foundingInstrument.adoptedOn ?? null }
        : null,
      reportedMemberCount: reported
        ? { count: reported.count, asOf: reported.asOf, source: reported.source.title }
        : null,
      listedMembers: n.members.totalCount,
    },
    members: {
      totalCount: n.members.totalCount,
      pageInfo: { hasNextPage: n.members.pageInfo.hasNextPage, endCursor: n.members.pageInfo.endCursor ?? null },
      nodes: n.members.edges.map((e) => ({
        role: e.role,
        since: e.since ?? null,
        nmirf: { id: e.node.id, name: e.node.name, nameKnown: e.node.nameKnown, acronym: e.node.acronym ?? null },
        state: { code: e.node.state.code, name: e.node.state.name },
      })),
    },
  };
}

/** Every member of the network listed by the hub, Executive Committee first. */
export function networkMembers(
  client: HubClient,
  opts: { first?: number; lang?: Language } = {},
): AsyncGenerator<NetworkMember, void, undefined> {
  return paginate(async (after) => (await networkPage(client, after, opts))?.members ?? null);
}

export const isExecutiveCommittee = (role: NetworkRole): boolean =>
  role === "EXECUTIVE_COMMITTEE" || role === "EXECUTIVE_COMMITTEE_COORDINATOR";

/**
 * The network with its Executive Committee (coordinator included). Members come Executive
 * Committee first, so paging stops at the first ordinary member.
 */
export async function executiveCommittee(
  client: HubClient,
  lang?: Language,
): Promise<{ network: NetworkOverview; committee: NetworkMember[] } | null> {
  const opts = { first: 10, ...(lang ? { lang } : {}) };
  const first = await networkPage(client, null, opts);
  if (!first) return null;
  const committee: NetworkMember[] = [];
  let page: Page<NetworkMember> | undefined = first.members;
  while (page) {
    for (const m of page.nodes) {
      if (!isExecutiveCommittee(m.role)) return { network: first.network, committee };
      committee.push(m);
    }
    const cursor: string | null | undefined = page.pageInfo.endCursor;
    page = page.pageInfo.hasNextPage && cursor ? (await networkPage(client, cursor, opts))?.members : undefined;
  }
  return { network: first.network, committee };
}

// ---------------------------------------------------------------------------------------------
// Search.

export interface SearchHit {
  id: string;
  type: string;
  score: number;
  /** An excerpt of the text around the first word of the query, when one is found in it. */
  snippet: string | null;
  matchedFields: string[];
  /** A readable label: a name or title, or for a recommendation its State and paragraph. */
  label: string;
}

export interface SearchOptions {
  lang?: Language;
  types?: SearchType[];
  filter?: RecommendationFilter;
  first?: number;
}

/** One page of search hits, best first. */
export async function searchPage(
  client: HubClient,
  query: string,
  after: string | null,
  opts: SearchOptions = {},
): Promise<Page<SearchHit>> {
  const data = await client.request(SearchQuery, {
    query,
    after,
    first: opts.first ?? 10,
    types: opts.types ?? null,
    filter: opts.filter ?? null,
    ...(opts.lang ? { lang: opts.lang } : {}),
  });
  const conn = data.search;
  return {
    pageInfo: { hasNextPage: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor ?? null },
    nodes: conn.edges.map(({ score, snippet, matchedFields, node }) => {
      let label: string;
      switch (node.__typename) {
        case "Recommendation":
          label = [node.states.map((s) => s.code).join(","), node.paragraph].filter(Boolean).join(" ") || "Recommendation";
          break;
        case "GoodPractice":
          label = node.title;
          break;
        case "State":
          label = `${node.name} (${node.code})`;
          break;
        case "NMIRF":
          label = node.acronym ? `${node.name} (${node.acronym})` : node.name;
          break;
        case "Mechanism":
          label = `${node.name} (${node.code})`;
          break;
        case "Theme":
        case "AffectedGroup":
          label = node.name;
          break;
        case "Source":
          label = node.title;
          break;
        default:
          label = node.__typename;
      }
      return { id: node.id, type: node.__typename, score, snippet: snippet ?? null, matchedFields, label };
    }),
  };
}

/** Search hits, best first, fetched page by page as the loop asks (at most the 1,000 best per type). */
export function search(client: HubClient, query: string, opts: SearchOptions = {}): AsyncGenerator<SearchHit, void, undefined> {
  return paginate((after) => searchPage(client, query, after, opts));
}

// ---------------------------------------------------------------------------------------------
// Facets.

export interface Facet {
  key: string;
  label: string;
  count: number;
}

export interface RecommendationFacets {
  total: number;
  byTheme: Facet[];
  byPosition: Facet[];
  byMechanism: Facet[];
  byYear: Facet[];
  byRecommendingState: Facet[];
}

/** Counts of a filtered set of recommendations, each facet largest first (years newest first). */
export async function recommendationFacets(
  client: HubClient,
  filter?: RecommendationFilter,
): Promise<RecommendationFacets> {
  const data = await client.request(RecommendationFacetsQuery, { filter: filter ?? null });
  const f = data.recommendationFacets;
  const list = (xs: { key: string; label?: string | null; count: number }[]): Facet[] =>
    xs.map((x) => ({ key: x.key, label: x.label ?? x.key, count: x.count })).sort((a, b) => b.count - a.count);
  return {
    total: f.total,
    byTheme: list(f.byTheme),
    byPosition: list(f.byPosition),
    byMechanism: list(f.byMechanism),
    byYear: list(f.byYear).sort((a, b) => b.key.localeCompare(a.key)),
    byRecommendingState: list(f.byRecommendingState),
  };
}

// ---------------------------------------------------------------------------------------------
// Peer practices.

/** Good practices of other States to learn from, for a State's recommendations; empty when the code is unknown. */
export async function peerPractices(
  client: HubClient,
  code: string,
  first = 5,
): Promise<{ title: string; state: string; score: number; reason: string }[]> {
  const data = await client.request(PeerPracticesQuery, { code, first });
  return (data.state?.peerPractices ?? []).map((p) => ({
    title: p.practice.title,
    state: p.practice.state.code,
    score: p.score,
    reason: p.reason,
  }));
}

// ---------------------------------------------------------------------------------------------
// Writes.

/** What a write returns: the node written, or the input problems (nothing was written then). */
export type WriteResult<T> =
  | { ok: true; node: T }
  | { ok: false; errors: { code: string; field: string | null; message: string }[] };

/**
 * Records a follow-up action on a recommendation or a curated cluster. The client needs an
 * editor's token (`new HubClient({ endpoint, token })`). Input problems come back as `errors` with
 * the field path (e.g. `input.recommendationId`); a missing or wrong token throws HubError
 * (`UNAUTHENTICATED`, `FORBIDDEN`).
 */
export async function createFollowUpAction(
  client: HubClient,
  input: CreateFollowUpActionInput,
): Promise<WriteResult<{ id: string; version: number; status: string; dueDate: string | null }>> {
  const data = await client.request(CreateFollowUpActionMutation, { input });
  const { followUpAction, errors } = data.createFollowUpAction;
  if (!followUpAction) return { ok: false, errors: errors.map((e) => ({ ...e, field: e.field ?? null })) };
  return { ok: true, node: { ...followUpAction, dueDate: followUpAction.dueDate ?? null } };
}
