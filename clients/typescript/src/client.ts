// A small fetch-based GraphQL client for the hub: one object holding the endpoint, the token and
// the language, and one typed `request` that POSTs {query, variables} as JSON and returns `data`.
// No runtime dependencies: it uses the global fetch (browsers, Node ≥ 18).
import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
import type { Language } from "./gql/graphql";

/** The path the hub serves GraphQL on; a page served by the hub can use it as a relative endpoint. */
export const DEFAULT_ENDPOINT = "/graphql";

/**
 * A typed operation: the documents `graphql()` returns (TypedDocumentString, the query text with
 * its result and variable types), or a parsed TypedDocumentNode whose source text is kept in `loc`.
 */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> &
  ({ toString(): string } | { kind: "Document"; loc?: { source: { body: string } } });

export interface HubClientOptions {
  /**
   * The GraphQL endpoint, e.g. `https://hub.example.org/graphql`. Outside a browser it must be an
   * absolute http(s) URL; in a browser a relative one (the default `/graphql`) is resolved
   * against the page.
   */
  endpoint?: string | undefined;
  /** An API token (`hub token create`) or a JWT, sent as a bearer credential. Reads need none; writes do. */
  token?: string | undefined;
  /** The language to ask for: sent as the `$lang` variable of every operation that declares one, unless given. */
  lang?: Language | undefined;
  /** The fetch to use; the global fetch by default. */
  fetch?: typeof fetch | undefined;
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

/** One GraphQL error as the server reports it; `extensions.code` says what kind (e.g. `BAD_USER_INPUT`). */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * The hub's error codes (`extensions.code`), and the client's own: `NETWORK_ERROR` (no response),
 * `HTTP_ERROR` (a response without GraphQL errors or data), `BAD_RESPONSE` (not JSON).
 */
export type HubErrorCode =
  | "BAD_USER_INPUT"
  | "BAD_REQUEST"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "COMPLEXITY_LIMIT_EXCEEDED"
  | "DEPTH_LIMIT_EXCEEDED"
  | "ALIAS_LIMIT_EXCEEDED"
  | "DIRECTIVE_LIMIT_EXCEEDED"
  | "INTROSPECTION_DISABLED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "INTERNAL"
  | "NETWORK_ERROR"
  | "HTTP_ERROR"
  | "BAD_RESPONSE"
  | "UNKNOWN"
  | (string & {});

/**
 * Thrown when a request fails: the response carries `errors`, has no `data`, is not JSON, or
 * never came. `code` is the first error's `extensions.code`; `codes` are all of them.
 */
export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly codes: HubErrorCode[];
  constructor(
    readonly errors: GraphQLErrorBody[],
    /** The HTTP status; 0 when no response came. */
    readonly status: number,
    fallbackCode: HubErrorCode = "HTTP_ERROR",
    detail?: string,
  ) {
    const codes: HubErrorCode[] = errors.map((e) => e.extensions?.code ?? "UNKNOWN");
    const code = codes[0] ?? fallbackCode;
    super(
      errors.map((e, i) => `${codes[i]}: ${e.message}`).join("; ") ||
        `${code}: ${detail ?? `HTTP ${status}`}`,
    );
    this.name = "HubError";
    this.code = code;
    this.codes = codes.length ? codes : [code];
  }
}

/** The previous name of HubError, kept for existing callers. */
export { HubError as GraphQLRequestError };

/** Variables with `lang` made optional, since the client fills it in. */
type WithOptionalLang<TVariables> = TVariables extends { lang?: unknown }
  ? Omit<TVariables, "lang"> & { lang?: TVariables["lang"] }
  : TVariables;

/** Whether every key of T is optional, so that variables may be left out. */
type AllOptional<T> = {} extends T ? true : false;

/** `request(doc)` when an operation has no required variable, `request(doc, vars)` otherwise. */
type VariablesArg<TVariables> =
  AllOptional<WithOptionalLang<TVariables>> extends true
    ? [variables?: WithOptionalLang<TVariables>]
    : [variables: WithOptionalLang<TVariables>];

function documentText(document: TypedDocument<unknown, unknown>): string {
  if ("kind" in document && document.kind === "Document") {
    const body = document.loc?.source.body;
    if (!body) throw new TypeError("HubClient: a parsed document needs its source text (loc.source.body)");
    return body;
  }
  return document.toString();
}

const declaresLang = /\$lang\s*:/;

/** A client of one hub. Create one and share it; it holds no connection. */
export class HubClient {
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly lang: Language | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(options: HubClientOptions = {}) {
    this.endpoint = resolveEndpoint(options.endpoint ?? DEFAULT_ENDPOINT);
    this.token = options.token;
    this.lang = options.lang;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("HubClient: no fetch available; pass options.fetch");
    this.fetchImpl = f;
    this.headers = { ...options.headers };
  }

  /** A client like this one with other options (e.g. another language, or a token for writes). */
  with(options: HubClientOptions): HubClient {
    return new HubClient({
      endpoint: this.endpoint,
      token: this.token,
      lang: this.lang,
      fetch: this.fetchImpl,
      headers: this.headers,
      ...options,
    });
  }

  /**
   * Sends one operation and returns its typed `data`. The client's `lang` fills the `$lang`
   * variable when the operation declares it and the caller gave none (null counts as given).
   * Throws HubError.
   */
  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables]: VariablesArg<TVariables>
  ): Promise<TResult> {
    const query = documentText(document as TypedDocument<unknown, unknown>);
    const vars: Record<string, unknown> = { ...(variables as Record<string, unknown> | undefined) };
    // An explicit `lang` (null included: the server's default, English) wins over the client's.
    if (this.lang !== undefined && vars.lang === undefined && declaresLang.test(query)) vars.lang = this.lang;

    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
      ...this.headers,
    };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;

    let res: Response;
    try {
      res = await this.fetchImpl(this.endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables: vars }),
      });
    } catch (err) {
      const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new HubError([], 0, "NETWORK_ERROR", `${this.endpoint}: ${cause}`);
    }
    let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new HubError([], res.status, "BAD_RESPONSE", `HTTP ${res.status}: the response is not JSON`);
    }
    if (body.errors?.length) throw new HubError(body.errors, res.status);
    if (!res.ok || body.data == null) throw new HubError([], res.status, "HTTP_ERROR");
    return body.data;
  }
}

/** Creates a client; the same as `new HubClient(options)`. */
export function createClient(options: HubClientOptions = {}): HubClient {
  return new HubClient(options);
}

/**
 * An absolute endpoint as is; a relative one resolved against the page in a browser, and refused
 * elsewhere (Node's fetch cannot resolve `/graphql` and would fail with "Failed to parse URL").
 */
function resolveEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    if (!base) {
      throw new TypeError(
        `HubClient: endpoint "${endpoint}" is relative; outside a browser give an absolute URL such as http://127.0.0.1:8080/graphql`,
      );
    }
    url = new URL(endpoint, base);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`HubClient: endpoint "${endpoint}" must be an http(s) URL`);
  }
  return url.toString();
}
