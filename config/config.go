// Package config reads the service's configuration from environment variables and checks
// it before anything starts, so a typo fails at once with the variable's name.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is the validated configuration of the server.
type Config struct {
	Port               int
	Host               string
	Neo4jURI           string
	Neo4jUsername      string
	Neo4jPassword      string
	Neo4jDatabase      string
	CORSAllowedOrigins []string
	// ConnectTimeout is how long start-up waits for Neo4j to answer.
	ConnectTimeout time.Duration
	// QueryTimeout bounds each database transaction.
	QueryTimeout time.Duration
	// RetryTime is how long a query is retried after a transient database error.
	RetryTime time.Duration
	// LoadDemo loads the demo dataset into an empty graph at start.
	LoadDemo bool
	LogLevel string
	// Profile is "development" (default) or "production"; production turns introspection
	// and field suggestions off unless set explicitly.
	Profile string
	// GraphQL document limits (see httpapi.Limits).
	MaxDepth, MaxAliases, MaxDirectives, MaxTokens, MaxCost int
	Introspection, Suggestions                              bool
	// RateLimitRPS and RateLimitBurst bound each client's requests to /graphql (0 = off).
	RateLimitRPS   float64
	RateLimitBurst int
	// MaxConcurrentRequests bounds the GraphQL requests that run at once; the others wait
	// their turn (0 = no limit). Default: 32 per processor Go may use.
	MaxConcurrentRequests int
	// CoalesceReads is how many statements of one read text run at once before further
	// requests of that text share one statement (store/coalesce.go); 0 turns it off.
	CoalesceReads int
	// DirectAnswers answers compiled reads without gqlgen's field-by-field execution
	// (resolvers/direct.go); false sends every query through gqlgen.
	DirectAnswers bool
	// TrustedDocuments is the path of an allow-list of operations; when set, nothing else runs.
	TrustedDocuments string
	// DebugAddr, when set, serves Go's pprof profiles on that loopback address (off by default).
	DebugAddr string
	// JWT configures the optional JSON Web Tokens (off unless a key file is set).
	JWT JWT
}

// DefaultCORSOrigins are the origins allowed when CORS_ALLOWED_ORIGINS is unset: local
// development only. Never "*": a public deployment lists its frontends explicitly.
var DefaultCORSOrigins = []string{"http://localhost:8080", "http://127.0.0.1:8080", "http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:5173", "http://127.0.0.1:5173"}

// DefaultConcurrentRequests is MAX_CONCURRENT_REQUESTS when unset: 32 per processor Go may
// use (GOMAXPROCS). Session 18 set 8 (16 slots on 2 cores: at 32 requests in flight, fewer
// slots cost throughput, 16 were within the noise of no limit). Since reads of one text share
// statements (store/coalesce.go), more requests in flight make larger batches: at 32 in flight
// on 2 cores, 64 slots against 16 gave 10–25 % more throughput (one round), with p99s within the noise or
// lower (BENCHMARKS.md, session 20). The limit still bounds a flood.
//
// At most 96: the store's driver pool holds 100 connections, and a request that waits 5 s
// for one fails as if the database were lost.
func DefaultConcurrentRequests() int { return min(32*runtime.GOMAXPROCS(0), 96) }

// Load reads the configuration through getenv and validates every value; the error lists
// every bad variable, not just the first.
func Load(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	var errs []error
	c := Config{
		Host:          get("HOST", "127.0.0.1"),
		Neo4jURI:      get("NEO4J_URI", "bolt://127.0.0.1:7687"),
		Neo4jUsername: getenv("NEO4J_USERNAME"),
		Neo4jPassword: getenv("NEO4J_PASSWORD"),
		Neo4jDatabase: get("NEO4J_DATABASE", "neo4j"),
		LogLevel:      strings.ToLower(get("LOG_LEVEL", "info")),
	}
	port, err := strconv.Atoi(get("PORT", "8080"))
	if err != nil || port < 1 || port > 65535 {
		errs = append(errs, fmt.Errorf("PORT: %q is not a port number (1-65535)", getenv("PORT")))
	}
	c.Port = port

	u, err := url.Parse(c.Neo4jURI)
	switch {
	case err != nil || u.Host == "":
		errs = append(errs, fmt.Errorf("NEO4J_URI: %q is not a URI like bolt://host:7687", c.Neo4jURI))
	case !validScheme(u.Scheme):
		errs = append(errs, fmt.Errorf("NEO4J_URI: scheme %q is not one of bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc", u.Scheme))
	}
	if c.Neo4jUsername == "" && c.Neo4jPassword != "" {
		errs = append(errs, errors.New("NEO4J_PASSWORD is set but NEO4J_USERNAME is empty"))
	}

	c.CORSAllowedOrigins = DefaultCORSOrigins
	if v := get("CORS_ALLOWED_ORIGINS", ""); v != "" {
		c.CORSAllowedOrigins = nil
		for _, o := range strings.Split(v, ",") {
			o = strings.TrimSpace(o)
			if o == "" {
				continue
			}
			if err := validOrigin(o); err != nil {
				errs = append(errs, fmt.Errorf("CORS_ALLOWED_ORIGINS: %w", err))
				continue
			}
			c.CORSAllowedOrigins = append(c.CORSAllowedOrigins, o)
		}
	}

	c.ConnectTimeout, err = time.ParseDuration(get("NEO4J_CONNECT_TIMEOUT", "60s"))
	if err != nil || c.ConnectTimeout <= 0 {
		errs = append(errs, fmt.Errorf("NEO4J_CONNECT_TIMEOUT: %q is not a positive duration like 60s", getenv("NEO4J_CONNECT_TIMEOUT")))
	}
	c.QueryTimeout, err = time.ParseDuration(get("QUERY_TIMEOUT", "15s"))
	if err != nil || c.QueryTimeout <= 0 {
		errs = append(errs, fmt.Errorf("QUERY_TIMEOUT: %q is not a positive duration like 15s", getenv("QUERY_TIMEOUT")))
	}
	c.RetryTime, err = time.ParseDuration(get("NEO4J_RETRY_TIME", "2s"))
	if err != nil || c.RetryTime <= 0 {
		errs = append(errs, fmt.Errorf("NEO4J_RETRY_TIME: %q is not a positive duration like 2s", getenv("NEO4J_RETRY_TIME")))
	}
	c.LoadDemo, err = strconv.ParseBool(get("LOAD_DEMO_DATA", "true"))
	if err != nil {
		errs = append(errs, fmt.Errorf("LOAD_DEMO_DATA: %q is not true or false", getenv("LOAD_DEMO_DATA")))
	}
	c.Profile = strings.ToLower(get("HUB_PROFILE", "development"))
	if c.Profile != "development" && c.Profile != "production" {
		errs = append(errs, fmt.Errorf("HUB_PROFILE: %q is not development or production", c.Profile))
	}
	for _, lim := range []struct {
		name string
		dst  *int
		def  int
	}{{"GRAPHQL_MAX_DEPTH", &c.MaxDepth, 6}, {"GRAPHQL_MAX_ALIASES", &c.MaxAliases, 15},
		{"GRAPHQL_MAX_DIRECTIVES", &c.MaxDirectives, 50}, {"GRAPHQL_MAX_TOKENS", &c.MaxTokens, 1000}, {"GRAPHQL_MAX_COST", &c.MaxCost, 5000}} {
		n, err := strconv.Atoi(get(lim.name, strconv.Itoa(lim.def)))
		if err != nil || n < 1 || n > 1_000_000 {
			errs = append(errs, fmt.Errorf("%s: %q is not a number from 1 to 1000000", lim.name, getenv(lim.name)))
		}
		*lim.dst = n
	}
	openByDefault := strconv.FormatBool(c.Profile != "production")
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"GRAPHQL_INTROSPECTION", &c.Introspection}, {"GRAPHQL_SUGGESTIONS", &c.Suggestions}} {
		v, err := strconv.ParseBool(get(b.name, openByDefault))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not true or false", b.name, getenv(b.name)))
		}
		*b.dst = v
	}
	c.DirectAnswers, err = strconv.ParseBool(get("DIRECT_ANSWERS", "true"))
	if err != nil {
		errs = append(errs, fmt.Errorf("DIRECT_ANSWERS: %q is not true or false", getenv("DIRECT_ANSWERS")))
	}
	c.RateLimitRPS, err = strconv.ParseFloat(get("RATE_LIMIT_RPS", "20"), 64)
	if err != nil || c.RateLimitRPS < 0 {
		errs = append(errs, fmt.Errorf("RATE_LIMIT_RPS: %q is not a number of requests per second (0 turns the limit off)", getenv("RATE_LIMIT_RPS")))
	}
	c.RateLimitBurst, err = strconv.Atoi(get("RATE_LIMIT_BURST", "40"))
	if err != nil || c.RateLimitBurst < 1 {
		errs = append(errs, fmt.Errorf("RATE_LIMIT_BURST: %q is not a positive number", getenv("RATE_LIMIT_BURST")))
	}
	c.MaxConcurrentRequests, err = strconv.Atoi(get("MAX_CONCURRENT_REQUESTS", strconv.Itoa(DefaultConcurrentRequests())))
	if err != nil || c.MaxConcurrentRequests < 0 || c.MaxConcurrentRequests > 100_000 {
		errs = append(errs, fmt.Errorf("MAX_CONCURRENT_REQUESTS: %q is not a number from 0 to 100000 (0 turns the limit off)", getenv("MAX_CONCURRENT_REQUESTS")))
	}
	c.CoalesceReads, err = strconv.Atoi(get("COALESCE_READS", "2"))
	if err != nil || c.CoalesceReads < 0 || c.CoalesceReads > 1000 {
		errs = append(errs, fmt.Errorf("COALESCE_READS: %q is not a number from 0 to 1000 (0 turns coalescing off)", getenv("COALESCE_READS")))
	}
	c.TrustedDocuments = get("TRUSTED_DOCUMENTS", "")
	// Profiles show internals (goroutines, heap): only ever on a loopback address.
	if c.DebugAddr = get("DEBUG_ADDR", ""); c.DebugAddr != "" {
		host, port, err := net.SplitHostPort(c.DebugAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() || port == "" {
			errs = append(errs, fmt.Errorf("DEBUG_ADDR: %q must be a loopback address and port, e.g. 127.0.0.1:6060", c.DebugAddr))
		}
	}
	var jwtErrs []error
	c.JWT, jwtErrs = loadJWT(getenv)
	errs = append(errs, jwtErrs...)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL: %q is not one of debug, info, warn, error", c.LogLevel))
	}
	return c, errors.Join(errs...)
}

func validScheme(s string) bool {
	switch s {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
		return true
	}
	return false
}

// validOrigin accepts scheme://host[:port] with no path, and refuses wildcards: allowing
// every origin would let any web page use a signed-in user's browser against the API.
func validOrigin(o string) error {
	if strings.Contains(o, "*") {
		return fmt.Errorf("%q: wildcards are not allowed; list each origin", o)
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("%q is not an origin like https://example.org", o)
	}
	return nil
}

// Addr is the listen address.
func (c Config) Addr() string { return fmt.Sprintf("%s:%d", c.Host, c.Port) }
