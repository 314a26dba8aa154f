// Package auth issues and verifies the bearer tokens that identify people.
package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Tokens issues and verifies the HS256 bearer tokens that identify users.
// A token names this system as its issuer and audience, and carries an ID
// (jti) by which signing out revokes it.
type Tokens struct {
	secret []byte
	ttl    time.Duration
}

// NewTokens returns a token issuer with the given secret.
func NewTokens(secret string, ttl time.Duration) *Tokens {
	return &Tokens{secret: []byte(secret), ttl: ttl}
}

// TTL is how long a token it issues is valid.
func (t *Tokens) TTL() time.Duration { return t.ttl }

// The issuer and the audience of Haoban's tokens. A token the identity
// system issues for Haoban names both.
const (
	tokenIssuer   = "haoban"
	tokenAudience = "haoban"
)

// Tokens carry their times to the millisecond, so that a token issued just
// after an admin re-enabled a user is told from those ended by disabling
// them a moment before (NumericDate may have a fraction, RFC 7519 §2).
func init() { jwt.TimePrecision = time.Millisecond }

// Claims are what a valid token says.
type Claims struct {
	UserID    string
	ID        string // jti
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Issue returns a signed token for the user, valid for the TTL from now.
func (t *Tokens) Issue(userID string, now time.Time) (string, error) {
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	claims := jwt.RegisteredClaims{Issuer: tokenIssuer, Audience: jwt.ClaimStrings{tokenAudience}, Subject: userID,
		ID: hex.EncodeToString(jti), IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl))}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
}

// Verify checks a token's signature, issuer, audience and lifetime at now.
func (t *Tokens) Verify(token string, now time.Time) (Claims, error) {
	var c jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(tokenIssuer),
		jwt.WithAudience(tokenAudience), jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return now }))
	switch {
	case err != nil:
		return Claims{}, err
	case c.Subject == "" || c.ID == "" || c.IssuedAt == nil:
		return Claims{}, errors.New("token lacks a subject, an ID or an issue time")
	}
	return Claims{UserID: c.Subject, ID: c.ID, IssuedAt: c.IssuedAt.Time, ExpiresAt: c.ExpiresAt.Time}, nil
}
