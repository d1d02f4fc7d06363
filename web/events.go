package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// event is one submission recorded: what the board's live updates carry.
type event struct {
	Unit    string `json:"unit"`
	Period  string `json:"period"`
	Outcome string `json:"outcome"`
}

// broker fans events out to the boards listening (server-sent events). A slow
// listener misses events rather than holding an upload up: each has a small buffer
// and the board re-reads the whole table on any event.
type broker struct {
	mu   sync.Mutex
	subs map[chan event]bool
}

func newBroker() *broker { return &broker{subs: map[chan event]bool{}} }

func (b *broker) subscribe() chan event {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan event, 16)
	b.subs[ch] = true
	return ch
}

func (b *broker) unsubscribe(ch chan event) {
	b.mu.Lock()
	delete(b.subs, ch)
	b.mu.Unlock()
}

func (b *broker) publish(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- e:
		default:
		}
	}
}

// boardEvents streams an event each time a submission is recorded, and a comment
// every 20 seconds so that proxies keep the connection open.
func (s *Server) boardEvents(w http.ResponseWriter, r *http.Request, _ session) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "不支持实时更新", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	ch := s.events.subscribe()
	defer s.events.unsubscribe(ch)
	fmt.Fprint(w, ": 已连接\n\n")
	flusher.Flush()
	tick := time.NewTicker(20 * time.Second)
	defer tick.Stop()
	for {
		select {
		case e := <-ch:
			data, _ := json.Marshal(e)
			fmt.Fprintf(w, "event: submission\ndata: %s\n\n", data)
			flusher.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": 保持连接\n\n")
			flusher.Flush()
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}
