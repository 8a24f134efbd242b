package config

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWT configures the optional JSON Web Tokens accepted as bearer credentials beside the API
// tokens. It is on when a key is configured: an HS256 shared secret, an RS256 public key, or
// both; issuer and audience are then required.
type JWT struct {
	Issuer   string
	Audience string
	// HS256Secret is the shared secret read from JWT_HS256_SECRET_FILE (nil: HS256 refused).
	HS256Secret Secret
	// RS256PublicKey is read from JWT_RS256_PUBLIC_KEY_FILE (nil: RS256 refused).
	RS256PublicKey *rsa.PublicKey
	// Leeway is the clock skew tolerated on exp, nbf and iat.
	Leeway time.Duration
}

// Enabled reports whether JWTs are accepted at all.
func (j JWT) Enabled() bool { return len(j.HS256Secret) > 0 || j.RS256PublicKey != nil }

// Methods lists the signing algorithms accepted: only those with a configured key.
func (j JWT) Methods() []string {
	var m []string
	if len(j.HS256Secret) > 0 {
		m = append(m, jwt.SigningMethodHS256.Alg())
	}
	if j.RS256PublicKey != nil {
		m = append(m, jwt.SigningMethodRS256.Alg())
	}
	return m
}

// Secret is key material that never shows up in formatted output or logs.
type Secret []byte

func (Secret) String() string               { return "[redacted]" }
func (Secret) GoString() string             { return "[redacted]" }
func (Secret) LogValue() slog.Value         { return slog.StringValue("[redacted]") }
func (Secret) MarshalText() ([]byte, error) { return []byte("[redacted]"), nil }

// MinHS256SecretBytes is the shortest accepted shared secret: 256 bits, the size of the
// HMAC-SHA-256 output (RFC 7518 §3.2).
const MinHS256SecretBytes = 32

// MinRSABits is the smallest accepted RSA key.
const MinRSABits = 2048

// loadJWT reads the JWT_* variables; it returns every problem it finds. The secret itself
// never appears in an error, only the file's name.
func loadJWT(getenv func(string) string) (JWT, []error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var j JWT
	var errs []error
	j.Issuer, j.Audience = get("JWT_ISSUER"), get("JWT_AUDIENCE")
	secretFile, keyFile := get("JWT_HS256_SECRET_FILE"), get("JWT_RS256_PUBLIC_KEY_FILE")

	if secretFile != "" {
		b, err := os.ReadFile(secretFile)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("JWT_HS256_SECRET_FILE: cannot read %q: %w", secretFile, pathError(err)))
		default:
			// A trailing line break (echo, editors, Kubernetes secrets made from files) is not
			// part of the secret.
			b = []byte(strings.TrimRight(string(b), "\r\n"))
			if len(b) < MinHS256SecretBytes {
				errs = append(errs, fmt.Errorf("JWT_HS256_SECRET_FILE: the secret in %q has %d bytes; at least %d are needed (e.g. `openssl rand -base64 48`)",
					secretFile, len(b), MinHS256SecretBytes))
			} else {
				j.HS256Secret = Secret(b)
			}
		}
	}
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			errs = append(errs, fmt.Errorf("JWT_RS256_PUBLIC_KEY_FILE: cannot read %q: %w", keyFile, pathError(err)))
		} else if key, err := jwt.ParseRSAPublicKeyFromPEM(b); err != nil {
			errs = append(errs, fmt.Errorf("JWT_RS256_PUBLIC_KEY_FILE: %q does not hold a PEM RSA public key (PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)", keyFile))
		} else if key.N.BitLen() < MinRSABits {
			errs = append(errs, fmt.Errorf("JWT_RS256_PUBLIC_KEY_FILE: the key in %q has %d bits; at least %d are needed", keyFile, key.N.BitLen(), MinRSABits))
		} else {
			j.RS256PublicKey = key
		}
	}

	on := secretFile != "" || keyFile != ""
	if on {
		if j.Issuer == "" {
			errs = append(errs, errors.New("JWT_ISSUER: required when JWT_HS256_SECRET_FILE or JWT_RS256_PUBLIC_KEY_FILE is set"))
		}
		if j.Audience == "" {
			errs = append(errs, errors.New("JWT_AUDIENCE: required when JWT_HS256_SECRET_FILE or JWT_RS256_PUBLIC_KEY_FILE is set"))
		}
	} else {
		// Issuer or audience without a key is a half-done set-up: JWTs would silently be refused.
		for _, k := range []string{"JWT_ISSUER", "JWT_AUDIENCE", "JWT_LEEWAY"} {
			if get(k) != "" {
				errs = append(errs, fmt.Errorf("%s is set but neither JWT_HS256_SECRET_FILE nor JWT_RS256_PUBLIC_KEY_FILE is", k))
			}
		}
	}

	j.Leeway = 30 * time.Second
	if v := get("JWT_LEEWAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 5*time.Minute {
			errs = append(errs, fmt.Errorf("JWT_LEEWAY: %q is not a duration from 0s to 5m", v))
		} else {
			j.Leeway = d
		}
	}
	return j, errs
}

// pathError drops the path an *os.PathError repeats, since the message names the file already.
func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
