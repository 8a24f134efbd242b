// Operations a frontend of the hub runs, typed by the code generated from schema.graphqls.
// Each stays within the server's limits: at most 6 levels of fields, 1000 tokens per document.
import { graphql } from "./gql";
import type { CreateFollowUpActionInput, Language, RecommendationFilter } from "./gql/graphql";
import { request } from "./client";

const CountryProfileQuery = graphql(`
  query CountryProfile($code: String!, $lang: Language, $first: Int, $filter: RecommendationFilter) {
    state(code: $code) {
      code
      name(lang: $lang)
      recommendationsReceived(first: $first, filter: $filter) {
        totalCount
        nodes {
          id
          text(lang: $lang)
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

const SearchQuery = graphql(`
  query Search($query: String!, $lang: Language, $first: Int) {
    search(query: $query, lang: $lang, first: $first) {
      edges {
        score
        snippet
        node {
          __typename
          id
          ... on Recommendation {
            paragraph
          }
          ... on GoodPractice {
            title(lang: $lang)
          }
        }
      }
    }
  }
`);

const PeerPracticesQuery = graphql(`
  query PeerPractices($code: String!, $first: Int) {
    state(code: $code) {
      peerPractices(first: $first) {
        score
        reason
        practice {
          title
          state {
            code
          }
        }
      }
    }
  }
`);

const FacetsQuery = graphql(`
  query RecommendationThemeFacets($filter: RecommendationFilter) {
    recommendationFacets(filter: $filter) {
      total
      byTheme {
        key
        label
        count
      }
    }
  }
`);

const CreateFollowUpActionMutation = graphql(`
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

export interface CountryProfile {
  code: string;
  name: string;
  total: number;
  recommendations: { id: string; text: string; recommendedBy: string[]; themes: string[] }[];
}

/** A State's profile with its latest recommendations; null when the code is unknown. */
export async function countryProfile(
  code: string,
  opts: { lang?: Language; first?: number; filter?: RecommendationFilter } = {},
): Promise<CountryProfile | null> {
  const data = await request(CountryProfileQuery, {
    code,
    lang: opts.lang ?? null,
    first: opts.first ?? 20,
    filter: opts.filter ?? null,
  });
  const state = data.state;
  if (!state) return null;
  const page = state.recommendationsReceived;
  return {
    code: state.code,
    name: state.name,
    total: page.totalCount,
    recommendations: page.nodes.map((r) => ({
      id: r.id,
      text: r.text,
      recommendedBy: r.recommendingStates.map((s) => s.code),
      themes: r.themes.map((t) => t.name),
    })),
  };
}

export interface SearchHit {
  id: string;
  score: number;
  snippet: string | null;
  /** A readable label: the practice's title, the recommendation's paragraph, or the type name. */
  label: string;
}

/** Full-text search over recommendations, good practices, NMIRFs and States, best first. */
export async function search(query: string, lang?: Language, first = 10): Promise<SearchHit[]> {
  const data = await request(SearchQuery, { query, lang: lang ?? null, first });
  return data.search.edges.map(({ score, snippet, node }) => {
    let label: string = node.__typename;
    if (node.__typename === "GoodPractice") label = node.title;
    else if (node.__typename === "Recommendation") label = node.paragraph ?? node.__typename;
    return { id: node.id, score, snippet: snippet ?? null, label };
  });
}

/** Good practices of other States to learn from, for a State's recommendations; empty when the code is unknown. */
export async function peerPractices(
  code: string,
  first = 5,
): Promise<{ title: string; state: string; score: number; reason: string }[]> {
  const data = await request(PeerPracticesQuery, { code, first });
  return (data.state?.peerPractices ?? []).map((p) => ({
    title: p.practice.title,
    state: p.practice.state.code,
    score: p.score,
    reason: p.reason,
  }));
}

/** Counts of recommendations by theme (largest first), for a dashboard. */
export async function themeFacets(
  filter?: RecommendationFilter,
): Promise<{ total: number; themes: { id: string; label: string; count: number }[] }> {
  const data = await request(FacetsQuery, { filter: filter ?? null });
  const facets = data.recommendationFacets;
  return {
    total: facets.total,
    themes: facets.byTheme.map((f) => ({ id: f.key, label: f.label ?? f.key, count: f.count })),
  };
}

/** What a write returns: the node written, or the input problems (nothing was written then). */
export type WriteResult<T> =
  | { ok: true; node: T }
  | { ok: false; errors: { code: string; field: string | null; message: string }[] };

/**
 * Records a follow-up action on a recommendation or a curated cluster, with an editor's
 * token. Input problems come back as `errors` with the field path (e.g.
 * `input.recommendationId`); a missing or wrong token throws (`UNAUTHENTICATED`, `FORBIDDEN`).
 */
export async function createFollowUpAction(
  input: CreateFollowUpActionInput,
  token: string,
  endpoint?: string,
): Promise<WriteResult<{ id: string; version: number; status: string; dueDate: string | null }>> {
  const data = await request(CreateFollowUpActionMutation, { input }, endpoint, token);
  const { followUpAction, errors } = data.createFollowUpAction;
  if (!followUpAction) return { ok: false, errors: errors.map((e) => ({ ...e, field: e.field ?? null })) };
  return { ok: true, node: { ...followUpAction, dueDate: followUpAction.dueDate ?? null } };
}
