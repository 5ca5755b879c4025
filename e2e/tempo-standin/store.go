package main

import (
	"encoding/hex"
	"sync"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Store keeps received spans in memory, grouped by trace id, like Tempo's ingester does before it flushes a block.
// It holds at most maxTraces traces; the oldest trace is dropped when a new one arrives beyond that.
type Store struct {
	mu        sync.RWMutex
	maxTraces int
	traces    map[string]*storedTrace // key: lower-case hex trace id (32 characters)
	order     []string                // insertion order, for eviction
	spans     uint64                  // spans received since start (including evicted ones)
	requests  uint64                  // export requests received since start
}

type storedTrace struct {
	resourceSpans []*tracepb.ResourceSpans
	spanCount     int
}

// Stats is what GET /standin/stats reports.
type Stats struct {
	Spans          uint64 `json:"spans"`
	Traces         int    `json:"traces"`
	ExportRequests uint64 `json:"exportRequests"`
}

func NewStore(maxTraces int) *Store {
	return &Store{maxTraces: maxTraces, traces: map[string]*storedTrace{}}
}

// Add splits every ResourceSpans by trace id and appends the parts to their traces.
func (s *Store) Add(batches []*tracepb.ResourceSpans) {
	type part struct {
		rs     *tracepb.ResourceSpans
		scopes map[*tracepb.ScopeSpans]*tracepb.ScopeSpans
	}
	byTrace := map[string]map[*tracepb.ResourceSpans]*part{}
	var received uint64
	for _, rs := range batches {
		for _, ss := range rs.GetScopeSpans() {
			for _, span := range ss.GetSpans() {
				received++
				id := hex.EncodeToString(span.GetTraceId())
				parts, ok := byTrace[id]
				if !ok {
					parts = map[*tracepb.ResourceSpans]*part{}
					byTrace[id] = parts
				}
				p, ok := parts[rs]
				if !ok {
					p = &part{
						rs: &tracepb.ResourceSpans{
							Resource:  rs.GetResource(),
							SchemaUrl: rs.GetSchemaUrl(),
						},
						scopes: map[*tracepb.ScopeSpans]*tracepb.ScopeSpans{},
					}
					parts[rs] = p
				}
				scope, ok := p.scopes[ss]
				if !ok {
					scope = &tracepb.ScopeSpans{Scope: ss.GetScope(), SchemaUrl: ss.GetSchemaUrl()}
					p.scopes[ss] = scope
					p.rs.ScopeSpans = append(p.rs.ScopeSpans, scope)
				}
				scope.Spans = append(scope.Spans, span)
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	s.spans += received
	for id, parts := range byTrace {
		t, ok := s.traces[id]
		if !ok {
			t = &storedTrace{}
			s.traces[id] = t
			s.order = append(s.order, id)
		}
		for _, p := range parts {
			t.resourceSpans = append(t.resourceSpans, p.rs)
			for _, sc := range p.rs.ScopeSpans {
				t.spanCount += len(sc.Spans)
			}
		}
	}
	for len(s.order) > s.maxTraces {
		delete(s.traces, s.order[0])
		s.order = s.order[1:]
	}
}

// Trace returns a copy of the trace's spans as OTLP TracesData, or nil when the trace is unknown.
func (s *Store) Trace(hexID string) *tracepb.TracesData {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.traces[hexID]
	if !ok {
		return nil
	}
	out := &tracepb.TracesData{}
	for _, rs := range t.resourceSpans {
		out.ResourceSpans = append(out.ResourceSpans, proto.Clone(rs).(*tracepb.ResourceSpans))
	}
	return out
}

// Each calls fn for every stored trace (under the read lock; fn must not call back into the store).
func (s *Store) Each(fn func(hexID string, resourceSpans []*tracepb.ResourceSpans)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range s.order {
		fn(id, s.traces[id].resourceSpans)
	}
}

func (s *Store) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Stats{Spans: s.spans, Traces: len(s.traces), ExportRequests: s.requests}
}
