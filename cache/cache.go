// Package cache keeps values for a while: data read on every request that
// changes rarely (users, bundles, the calendar), where a change may take a
// moment to reach every instance.
package cache

import (
	"sync"
	"time"
)

// TTL is a map whose entries expire after a fixed time.
type TTL[K comparable, V any] struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	items map[K]entry[V]
	now   func() time.Time
}

type entry[V any] struct {
	value V
	at    time.Time
}

// New returns a cache whose entries live for ttl; it forgets everything
// once it holds max entries, which bounds its memory.
func New[K comparable, V any](ttl time.Duration, max int) *TTL[K, V] {
	return WithClock[K, V](ttl, max, time.Now)
}

// WithClock is New with the time entries age by: tests move it.
func WithClock[K comparable, V any](ttl time.Duration, max int, now func() time.Time) *TTL[K, V] {
	return &TTL[K, V]{ttl: ttl, max: max, items: map[K]entry[V]{}, now: now}
}

// Get returns a fresh value for k.
func (c *TTL[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok || c.now().Sub(e.at) >= c.ttl {
		var zero V
		return zero, false
	}
	return e.value, true
}

// Put stores v for k.
func (c *TTL[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.items) >= c.max {
		c.items = map[K]entry[V]{}
	}
	c.items[k] = entry[V]{value: v, at: c.now()}
}

// Clear forgets everything, after a change this instance made itself.
func (c *TTL[K, V]) Clear() {
	c.mu.Lock()
	c.items = map[K]entry[V]{}
	c.mu.Unlock()
}
