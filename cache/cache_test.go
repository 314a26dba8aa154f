package cache_test

import (
	"testing"
	"time"

	"haoban/cache"
)

func TestTTL(t *testing.T) {
	now := time.Date(2026, 12, 3, 1, 45, 0, 0, time.UTC)
	c := cache.WithClock[string, int](50*time.Millisecond, 2, func() time.Time { return now })
	c.Put("a", 1)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %v, %v", v, ok)
	}
	now = now.Add(49 * time.Millisecond)
	if _, ok := c.Get("a"); !ok {
		t.Fatal("an entry expired before its time")
	}
	now = now.Add(time.Millisecond)
	if _, ok := c.Get("a"); ok {
		t.Fatal("an expired entry was returned")
	}
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3) // over the bound: forgets the rest
	if _, ok := c.Get("a"); ok {
		t.Fatal("the cache grew past its bound")
	}
	c.Clear()
	if _, ok := c.Get("c"); ok {
		t.Fatal("Clear kept an entry")
	}
}
