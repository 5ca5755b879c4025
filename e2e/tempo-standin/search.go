package main

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/go-logfmt/logfmt"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// TraceSummary is one entry of Tempo's /api/search answer (field names and types as Tempo's JSON).
type TraceSummary struct {
	TraceID           string `json:"traceID"`
	RootServiceName   string `json:"rootServiceName"`
	RootTraceName     string `json:"rootTraceName"`
	StartTimeUnixNano string `json:"startTimeUnixNano"`
	DurationMs        uint64 `json:"durationMs"`
}

// SearchRequest is the subset of Tempo's search parameters the stand-in understands.
type SearchRequest struct {
	Tags  map[string]string // from tags=<logfmt>; every pair must match some span of the trace
	Limit int               // Tempo's default is 20
	Start uint64            // unix seconds, 0 = unbounded
	End   uint64            // unix seconds, 0 = unbounded
}

// ParseTags parses Tempo's `tags` parameter, which is logfmt: `service.name=log-service http.status_code=200`.
func ParseTags(s string) (map[string]string, error) {
	tags := map[string]string{}
	dec := logfmt.NewDecoder(strings.NewReader(s))
	for dec.ScanRecord() {
		for dec.ScanKeyval() {
			if len(dec.Value()) == 0 {
				return nil, fmt.Errorf("tag %q has no value (expected key=value)", dec.Key())
			}
			tags[string(dec.Key())] = string(dec.Value())
		}
	}
	if err := dec.Err(); err != nil {
		return nil, fmt.Errorf("tags is not logfmt: %w", err)
	}
	return tags, nil
}

// Search returns the matching traces, newest first, at most req.Limit of them.
func Search(store *Store, req SearchRequest) []TraceSummary {
	out := []TraceSummary{}
	store.Each(func(id string, batches []*tracepb.ResourceSpans) {
		summary, first, last := summarize(id, batches)
		if req.Start != 0 && last < req.Start*1e9 {
			return
		}
		if req.End != 0 && first > req.End*1e9 {
			return
		}
		for key, want := range req.Tags {
			if !traceHasTag(batches, key, want) {
				return
			}
		}
		out = append(out, summary)
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := strconv.ParseUint(out[i].StartTimeUnixNano, 10, 64)
		b, _ := strconv.ParseUint(out[j].StartTimeUnixNano, 10, 64)
		return a > b
	})
	if req.Limit > 0 && len(out) > req.Limit {
		out = out[:req.Limit]
	}
	return out
}

// summarize finds the root span (no parent) and the trace's time range, as Tempo's search results report them.
func summarize(id string, batches []*tracepb.ResourceSpans) (TraceSummary, uint64, uint64) {
	s := TraceSummary{TraceID: id, RootServiceName: "<root span not yet received>"}
	var first, last uint64
	for _, rs := range batches {
		for _, ss := range rs.GetScopeSpans() {
			for _, span := range ss.GetSpans() {
				if first == 0 || span.GetStartTimeUnixNano() < first {
					first = span.GetStartTimeUnixNano()
				}
				if span.GetEndTimeUnixNano() > last {
					last = span.GetEndTimeUnixNano()
				}
				if len(span.GetParentSpanId()) == 0 {
					s.RootServiceName = attrString(rs.GetResource().GetAttributes(), "service.name")
					s.RootTraceName = span.GetName()
				}
			}
		}
	}
	s.StartTimeUnixNano = strconv.FormatUint(first, 10)
	if last > first {
		s.DurationMs = (last - first) / 1e6
	}
	return s, first, last
}

// traceHasTag: some span has the attribute (on itself or its resource), or the intrinsic `name`, with that value.
func traceHasTag(batches []*tracepb.ResourceSpans, key, want string) bool {
	for _, rs := range batches {
		resourceMatch := hasAttr(rs.GetResource().GetAttributes(), key, want)
		for _, ss := range rs.GetScopeSpans() {
			for _, span := range ss.GetSpans() {
				if resourceMatch || hasAttr(span.GetAttributes(), key, want) || (key == "name" && span.GetName() == want) {
					return true
				}
			}
		}
	}
	return false
}

func hasAttr(attrs []*commonpb.KeyValue, key, want string) bool {
	for _, kv := range attrs {
		if kv.GetKey() == key && anyValueString(kv.GetValue()) == want {
			return true
		}
	}
	return false
}

func attrString(attrs []*commonpb.KeyValue, key string) string {
	for _, kv := range attrs {
		if kv.GetKey() == key {
			return anyValueString(kv.GetValue())
		}
	}
	return ""
}

func anyValueString(v *commonpb.AnyValue) string {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_IntValue:
		return strconv.FormatInt(x.IntValue, 10)
	case *commonpb.AnyValue_BoolValue:
		return strconv.FormatBool(x.BoolValue)
	case *commonpb.AnyValue_DoubleValue:
		return strconv.FormatFloat(x.DoubleValue, 'f', -1, 64)
	case *commonpb.AnyValue_BytesValue:
		return string(bytes.TrimSpace(x.BytesValue))
	default:
		return ""
	}
}
