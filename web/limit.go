package web

import (
	"sync"
	"time"
)

// rateLimiter allows n events per window per key (a portal token, a client address):
// a sliding window of the events' times.
type rateLimiter struct {
	n      int
	window time.Duration
	now    func() time.Time
	mu     sync.Mutex
	events map[string][]time.Time
}

func newRateLimiter(n int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{n: n, window: window, now: now, events: map[string][]time.Time{}}
}

// recent are key's events inside the window, pruned.
func (l *rateLimiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	ev := l.events[key]
	i := 0
	for i < len(ev) && !ev[i].After(cut) {
		i++
	}
	ev = ev[i:]
	if len(ev) == 0 {
		delete(l.events, key)
	} else {
		l.events[key] = ev
	}
	return ev
}

// blocked reports whether key has used up the window, and when it may try again.
func (l *rateLimiter) blocked(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ev := l.recent(key)
	if len(ev) < l.n {
		return false, 0
	}
	wait := ev[0].Add(l.window).Sub(l.now())
	if wait < time.Second {
		wait = time.Second
	}
	return true, wait
}

// add counts one event for key.
func (l *rateLimiter) add(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events[key] = append(l.recent(key), l.now())
}

// allow counts an event for key when the window has room, and otherwise says how long to wait.
func (l *rateLimiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ev := l.recent(key)
	if len(ev) >= l.n {
		wait := ev[0].Add(l.window).Sub(l.now())
		if wait < time.Second {
			wait = time.Second
		}
		return false, wait
	}
	l.events[key] = append(ev, l.now())
	return true, 0
}

// reset forgets key's events (a successful login).
func (l *rateLimiter) reset(key string) {
	l.mu.Lock()
	delete(l.events, key)
	l.mu.Unlock()
}
