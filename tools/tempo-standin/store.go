package main

import (
	"encoding/hex"
	"sync"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Store keeps received spans in memory, grouped by trace id. It holds at most maxTraces traces; the oldest trace is
// dropped when a new one arrives beyond that.
//
// A trace is kept as its segments: the spans of that trace from one export request each, in arrival order. They play
// the part of the pieces Tempo's querier combines (the ingester's live trace, then each block holding the trace), which
// is what max-bytes-per-trace counts when a trace is read (see ReadTrace).
type Store struct {
	mu        sync.RWMutex
	maxTraces int
	traces    map[string]*storedTrace // key: lower-case hex trace id (32 characters)
	order     []string                // insertion order, for eviction
	spans     uint64                  // spans received since start (including evicted ones)
	requests  uint64                  // export requests received since start
}

type storedTrace struct {
	segments [][]*tracepb.ResourceSpans
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

// Add splits every ResourceSpans by trace id and appends one segment per trace.
func (s *Store) Add(batches []*tracepb.ResourceSpans) {
	type part struct {
		rs     *tracepb.ResourceSpans
		scopes map[*tracepb.ScopeSpans]*tracepb.ScopeSpans
	}
	byTrace := map[string][]*part{}
	index := map[string]map[*tracepb.ResourceSpans]*part{}
	var received uint64
	for _, rs := range batches {
		for _, ss := range rs.GetScopeSpans() {
			for _, span := range ss.GetSpans() {
				received++
				id := hex.EncodeToString(span.GetTraceId())
				parts, ok := index[id]
				if !ok {
					parts = map[*tracepb.ResourceSpans]*part{}
					index[id] = parts
				}
				p, ok := parts[rs]
				if !ok {
					p = &part{
						rs:     &tracepb.ResourceSpans{Resource: rs.GetResource(), SchemaUrl: rs.GetSchemaUrl()},
						scopes: map[*tracepb.ScopeSpans]*tracepb.ScopeSpans{},
					}
					parts[rs] = p
					byTrace[id] = append(byTrace[id], p)
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
		segment := make([]*tracepb.ResourceSpans, 0, len(parts))
		for _, p := range parts {
			segment = append(segment, p.rs)
		}
		t.segments = append(t.segments, segment)
	}
	for len(s.order) > s.maxTraces {
		delete(s.traces, s.order[0])
		s.order = s.order[1:]
	}
}

// TraceRead is a trace as the query path returns it.
type TraceRead struct {
	Trace *tracepb.TracesData
	// Partial: the trace is larger than maxBytes, so it was cut short after the segment that crossed the limit.
	Partial bool
	// InspectedBytes: the protobuf size of every stored segment (Tempo reports the bytes it read).
	InspectedBytes uint64
}

// ReadTrace returns a copy of the trace, or nil when the trace is unknown. With maxBytes > 0 it combines the segments
// in arrival order as Tempo's trace combiner does (pkg/model/trace/combine.go): once the combined size exceeds
// maxBytes, the segment that crossed the limit is kept, the later ones are left out and the result is Partial.
func (s *Store) ReadTrace(hexID string, maxBytes int) *TraceRead {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.traces[hexID]
	if !ok {
		return nil
	}
	read := &TraceRead{Trace: &tracepb.TracesData{}}
	for _, segment := range t.segments {
		read.InspectedBytes += uint64(proto.Size(&tracepb.TracesData{ResourceSpans: segment}))
		if read.Partial {
			continue
		}
		for _, rs := range segment {
			read.Trace.ResourceSpans = append(read.Trace.ResourceSpans, proto.Clone(rs).(*tracepb.ResourceSpans))
		}
		if maxBytes > 0 && proto.Size(read.Trace) > maxBytes {
			read.Partial = true
		}
	}
	return read
}

// Each calls fn for every stored trace with all its ResourceSpans (under the read lock; fn must not call back into
// the store).
func (s *Store) Each(fn func(hexID string, resourceSpans []*tracepb.ResourceSpans)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range s.order {
		var all []*tracepb.ResourceSpans
		for _, segment := range s.traces[id].segments {
			all = append(all, segment...)
		}
		fn(id, all)
	}
}

func (s *Store) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Stats{Spans: s.spans, Traces: len(s.traces), ExportRequests: s.requests}
}
