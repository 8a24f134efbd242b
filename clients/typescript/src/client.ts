// A tiny fetch-based GraphQL client: POSTs {query, variables} as JSON and returns typed `data`.
import type { TypedDocumentString } from "./gql/graphql";

/** The hub's endpoint; a frontend served by the hub can use the relative path. */
export const DEFAULT_ENDPOINT = "/graphql";

/** One GraphQL error as the server reports it; `extensions.code` says what kind (e.g. `BAD_USER_INPUT`). */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** Thrown when the response carries `errors` (or no `data`); `codes` are their `extensions.code`. */
export class GraphQLRequestError extends Error {
  readonly codes: string[];
  constructor(
    readonly errors: GraphQLErrorBody[],
    readonly status: number,
  ) {
    const codes = errors.map((e) => e.extensions?.code ?? "UNKNOWN");
    super(errors.map((e, i) => `${codes[i]}: ${e.message}`).join("; ") || `HTTP ${status}`);
    this.name = "GraphQLRequestError";
    this.codes = codes;
  }
}

/**
 * Sends one operation. Mutations need `token`: an API token (`hub token create`) or a JWT,
 * sent as a bearer credential; reads work without one.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  endpoint: string = DEFAULT_ENDPOINT,
  token?: string,
): Promise<TResult> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/graphql-response+json, application/json",
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(endpoint, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError([], res.status);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
  if (!res.ok || body.data == null) throw new GraphQLRequestError([], res.status);
  return body.data;
}
