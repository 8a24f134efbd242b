package config

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func publicKeyPEM(t *testing.T, bits int) []byte {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

const secret = "s3cret-s3cret-s3cret-s3cret-s3cret-42"

func TestDefaultsLeaveJWTOff(t *testing.T) {
	c, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.JWT.Enabled() || len(c.JWT.Methods()) != 0 {
		t.Errorf("JWT on by default: %+v", c.JWT)
	}
}

func TestJWTConfiguration(t *testing.T) {
	hs := writeFile(t, "hs", []byte(secret+"\n"))
	rs := writeFile(t, "rs.pem", publicKeyPEM(t, 2048))
	c, err := Load(envOf(map[string]string{"JWT_ISSUER": "https://idp.example.org/", "JWT_AUDIENCE": "nmirf-hub",
		"JWT_HS256_SECRET_FILE": hs, "JWT_RS256_PUBLIC_KEY_FILE": rs, "JWT_LEEWAY": "10s"}))
	if err != nil {
		t.Fatal(err)
	}
	j := c.JWT
	if !j.Enabled() || string(j.HS256Secret) != secret || j.RS256PublicKey == nil || j.Issuer != "https://idp.example.org/" ||
		j.Audience != "nmirf-hub" || j.Leeway != 10*time.Second || strings.Join(j.Methods(), ",") != "HS256,RS256" {
		t.Errorf("loaded %v %v %v %v %v", j.Enabled(), j.Issuer, j.Audience, j.Leeway, j.Methods())
	}

	c, err = Load(envOf(map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_RS256_PUBLIC_KEY_FILE": rs}))
	if err != nil || strings.Join(c.JWT.Methods(), ",") != "RS256" || c.JWT.Leeway != 30*time.Second {
		t.Errorf("RS256 only: %v %v %v", err, c.JWT.Methods(), c.JWT.Leeway)
	}
}

// Every bad JWT variable is named in one error, with the other bad variables, and the
// secret never appears in it.
func TestJWTConfigurationErrors(t *testing.T) {
	short := writeFile(t, "short", []byte("too-short-"+strings.Repeat("x", 5)))
	notPEM := writeFile(t, "key.pem", []byte("-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n"))
	small := writeFile(t, "small.pem", publicKeyPEM(t, 1024))
	hs := writeFile(t, "hs", []byte(secret))
	missing := filepath.Join(t.TempDir(), "nope")

	for _, tc := range []struct {
		name string
		env  map[string]string
		want []string // every one must appear in the error
	}{
		{"short secret", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_HS256_SECRET_FILE": short},
			[]string{"JWT_HS256_SECRET_FILE", "15 bytes", "at least 32"}},
		{"missing secret file", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_HS256_SECRET_FILE": missing},
			[]string{"JWT_HS256_SECRET_FILE", "cannot read", "no such file"}},
		{"not a PEM key", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_RS256_PUBLIC_KEY_FILE": notPEM},
			[]string{"JWT_RS256_PUBLIC_KEY_FILE", "PEM RSA public key"}},
		{"RSA key too small", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_RS256_PUBLIC_KEY_FILE": small},
			[]string{"JWT_RS256_PUBLIC_KEY_FILE", "1024 bits", "at least 2048"}},
		{"missing key file", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_RS256_PUBLIC_KEY_FILE": missing},
			[]string{"JWT_RS256_PUBLIC_KEY_FILE", "cannot read"}},
		{"no issuer or audience", map[string]string{"JWT_HS256_SECRET_FILE": hs},
			[]string{"JWT_ISSUER: required", "JWT_AUDIENCE: required"}},
		{"issuer without a key", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a"},
			[]string{"JWT_ISSUER is set but neither", "JWT_AUDIENCE is set but neither"}},
		{"bad leeway", map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_HS256_SECRET_FILE": hs, "JWT_LEEWAY": "1h"},
			[]string{"JWT_LEEWAY", "0s to 5m"}},
		{"with other bad variables", map[string]string{"PORT": "x", "JWT_HS256_SECRET_FILE": short, "JWT_AUDIENCE": "a"},
			[]string{"PORT:", "JWT_HS256_SECRET_FILE", "JWT_ISSUER: required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(envOf(tc.env))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), "too-short") || strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}

func TestSecretIsRedacted(t *testing.T) {
	c, err := Load(envOf(map[string]string{"JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "JWT_HS256_SECRET_FILE": writeFile(t, "hs", []byte(secret))}))
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "jwt", c.JWT, "secret", c.JWT.HS256Secret)
	for _, s := range []string{fmt.Sprint(c.JWT), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c.JWT), fmt.Sprintf("%s", c.JWT.HS256Secret), logged.String()} {
		if strings.Contains(s, secret) || strings.Contains(s, "115 51 99") {
			t.Errorf("secret shown: %s", s)
		}
	}
}

// Profiles are off by default and only ever served on a loopback address.
func TestDebugAddr(t *testing.T) {
	if c, err := Load(envOf(nil)); err != nil || c.DebugAddr != "" {
		t.Errorf("default DEBUG_ADDR %q, %v; want off", c.DebugAddr, err)
	}
	if c, err := Load(envOf(map[string]string{"DEBUG_ADDR": "127.0.0.1:6060"})); err != nil || c.DebugAddr != "127.0.0.1:6060" {
		t.Errorf("loopback DEBUG_ADDR: %q, %v", c.DebugAddr, err)
	}
	for _, bad := range []string{"0.0.0.0:6060", ":6060", "example.org:6060", "127.0.0.1"} {
		if _, err := Load(envOf(map[string]string{"DEBUG_ADDR": bad})); err == nil || !strings.Contains(err.Error(), "DEBUG_ADDR") {
			t.Errorf("DEBUG_ADDR=%q accepted (%v)", bad, err)
		}
	}
}

// checkCount checks a count setting: its default when unset, the values taken, the values
// refused with an error that names the variable.
func checkCount(t *testing.T, name string, get func(Config) int, def int, good map[string]int, bad []string) {
	t.Helper()
	if c, err := Load(envOf(nil)); err != nil || get(c) != def {
		t.Errorf("default %s %d, %v; want %d", name, get(c), err, def)
	}
	for v, want := range good {
		if c, err := Load(envOf(map[string]string{name: v})); err != nil || get(c) != want {
			t.Errorf("%s=%s: %d, %v; want %d", name, v, get(c), err, want)
		}
	}
	for _, b := range bad {
		if _, err := Load(envOf(map[string]string{name: b})); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q accepted (%v)", name, b, err)
		}
	}
}

func TestMaxConcurrentRequests(t *testing.T) {
	if DefaultConcurrentRequests() < 32 {
		t.Errorf("default MAX_CONCURRENT_REQUESTS %d, want 32 per processor", DefaultConcurrentRequests())
	}
	checkCount(t, "MAX_CONCURRENT_REQUESTS", func(c Config) int { return c.MaxConcurrentRequests }, DefaultConcurrentRequests(),
		map[string]int{"0": 0, "1": 1, "40": 40}, []string{"-1", "many", "1.5", "100001"})
}

func TestCoalesceReads(t *testing.T) {
	checkCount(t, "COALESCE_READS", func(c Config) int { return c.CoalesceReads }, 2,
		map[string]int{"0": 0, "1": 1, "8": 8}, []string{"-1", "some", "2.5", "1001"})
}

// DIRECT_ANSWERS is on unless set false; anything but a boolean is refused by name.
func TestDirectAnswers(t *testing.T) {
	if c, err := Load(envOf(nil)); err != nil || !c.DirectAnswers {
		t.Errorf("default: %v, %v; want on", c.DirectAnswers, err)
	}
	for v, want := range map[string]bool{"false": false, "0": false, "true": true, "1": true} {
		if c, err := Load(envOf(map[string]string{"DIRECT_ANSWERS": v})); err != nil || c.DirectAnswers != want {
			t.Errorf("DIRECT_ANSWERS=%s: %v, %v; want %v", v, c.DirectAnswers, err, want)
		}
	}
	if _, err := Load(envOf(map[string]string{"DIRECT_ANSWERS": "sometimes"})); err == nil || !strings.Contains(err.Error(), "DIRECT_ANSWERS") {
		t.Errorf("DIRECT_ANSWERS=sometimes accepted (%v)", err)
	}
}
