package main

import (
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// The stand-in's own bookkeeping (no Tempo fact): memory bound, splitting batches by trace, counting.

func TestOldestTraceIsDroppedBeyondMaxTraces(t *testing.T) {
	store := NewStore(1)
	first := resourceSpans(t, "a", traceA, span(t, "0000000000000001", "", "x", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond))
	second := resourceSpans(t, "a", traceB, span(t, "0000000000000002", "", "x", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond))
	store.Add([]*tracepb.ResourceSpans{first})
	store.Add([]*tracepb.ResourceSpans{second})
	if store.ReadTrace(traceA, 0) != nil || store.ReadTrace(traceB, 0) == nil {
		t.Fatal("want only the newest trace kept")
	}
	if s := store.Stats(); s.Spans != 2 || s.Traces != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestOneBatchWithTwoTracesIsSplitByTraceID(t *testing.T) {
	store := NewStore(10)
	rs := resourceSpans(t, "log-service", traceA, span(t, "0000000000000001", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond))
	other := span(t, "0000000000000002", "", "POST /logs", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond)
	other.TraceId = mustHex(t, traceB)
	rs.ScopeSpans[0].Spans = append(rs.ScopeSpans[0].Spans, other)
	store.Add([]*tracepb.ResourceSpans{rs})
	for id, name := range map[string]string{traceA: "GET /info", traceB: "POST /logs"} {
		tr := store.ReadTrace(id, 0).Trace
		if len(tr.ResourceSpans) != 1 || len(tr.ResourceSpans[0].ScopeSpans[0].Spans) != 1 ||
			tr.ResourceSpans[0].ScopeSpans[0].Spans[0].Name != name {
			t.Fatalf("trace %s: %v", id, tr)
		}
		if tr.ResourceSpans[0].Resource == nil {
			t.Fatalf("trace %s lost its resource", id)
		}
	}
}

func TestStatsCountWhatArrived(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now())
	got := getJSON(t, srv, "/standin/stats")
	if got["spans"] != float64(3) || got["traces"] != float64(1) || got["exportRequests"] != float64(2) {
		t.Errorf("stats %v", got)
	}
}
