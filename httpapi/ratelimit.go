package httpapi

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/nmirf-hub/hub/domain"
	"github.com/nmirf-hub/hub/metrics"
)

// RateLimit is a per-client token bucket: Rate requests per second on average, Burst at once.
type RateLimit struct {
	Rate  float64
	Burst int
}

// rateLimits holds the clients' buckets. A request is counted twice over, in two steps of
// the middleware list: first against its IP address, before its credentials are looked at
// (so made-up tokens, refused JWTs and anonymous requests all spend the address's budget,
// and a flood of them reaches neither the token look-up nor the database); then, once a
// credential is accepted, against its principal (token id or JWT subject), and the
// address's unit is given back — so a token is limited as one client from whatever address
// and however its header is spelt, and callers with tokens behind one address (NAT) do not
// share a budget. The tables are LRUs, so a flood of new addresses cannot grow memory.
type rateLimits struct {
	rl RateLimit
	m  *metrics.Metrics

	mu      sync.Mutex
	clients *lru.Cache[string, *bucket]
}

func newRateLimits(rl RateLimit, m *metrics.Metrics) *rateLimits {
	if rl.Rate <= 0 {
		return nil
	}
	if rl.Burst < 1 {
		rl.Burst = 1
	}
	c, _ := lru.New[string, *bucket](10000)
	return &rateLimits{rl: rl, m: m, clients: c}
}

// bucket is a token bucket whose units can be given back.
type bucket struct {
	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func (l *rateLimits) bucket(key string) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.clients.Get(key)
	if !ok {
		b = &bucket{tokens: float64(l.rl.Burst), last: time.Now()}
		l.clients.Add(key, b)
	}
	return b
}

// take spends one unit of key's budget, or says how long until one is available.
func (l *rateLimits) take(key string) (*bucket, time.Duration) {
	b := l.bucket(key)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.tokens = math.Min(float64(l.rl.Burst), b.tokens+now.Sub(b.last).Seconds()*l.rl.Rate)
	b.last = now
	if b.tokens < 1 {
		return nil, time.Duration((1 - b.tokens) / l.rl.Rate * float64(time.Second))
	}
	b.tokens--
	return b, 0
}

func (l *rateLimits) refund(b *bucket) {
	b.mu.Lock()
	b.tokens = math.Min(float64(l.rl.Burst), b.tokens+1)
	b.mu.Unlock()
}

func (l *rateLimits) refuse(w http.ResponseWriter, r *http.Request, delay time.Duration) {
	if l.m != nil {
		l.m.CountRateLimited()
	}
	reportError(r.Context(), "RATE_LIMITED")
	w.Header().Set("Retry-After", fmt.Sprint(max(1, int(math.Ceil(delay.Seconds())))))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"errors":[{"message":"too many requests; retry after the time in Retry-After","extensions":{"code":"RATE_LIMITED"}}]}`))
}

type ipUnitKey struct{}

// byAddress is the step before authentication: one unit of the client address's budget.
func (l *rateLimits) byAddress(next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, delay := l.take("ip:" + clientIP(r))
		if b == nil {
			l.refuse(w, r, delay)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ipUnitKey{}, b)))
	})
}

// byPrincipal is the step after authentication: an authenticated caller spends its
// principal's budget instead of its address's.
func (l *rateLimits) byPrincipal(next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := domain.PrincipalFrom(r.Context())
		if p.TokenID == "" {
			next.ServeHTTP(w, r)
			return
		}
		if ip, ok := r.Context().Value(ipUnitKey{}).(*bucket); ok {
			l.refund(ip)
		}
		if b, delay := l.take("p:" + p.TokenID); b == nil {
			l.refuse(w, r, delay)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the address the connection comes from (X-Forwarded-For is not trusted).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
