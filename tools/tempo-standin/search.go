package main

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-logfmt/logfmt"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// GET /api/search with tags=<logfmt>, as Tempo 2.10.8 answers it. Sources: pkg/api/http.go (parameters and their
// errors), tempodb/encoding/vparquet4/block_search.go and pkg/parquetquery/predicates.go (how tags match; vParquet4
// is the default block format), modules/frontend/combiner/search.go and pkg/traceql/combine.go (the answer),
// pkg/util/traceid.go (trace ids without leading zeros). TraceQL (q=) is not implemented: it answers 400.

// rootSpanNotYetReceived is Tempo's rootServiceName for a trace whose root span has not arrived.
const rootSpanNotYetReceived = "<root span not yet received>"

// TraceSummary is tempopb.TraceSearchMetadata as gogo jsonpb writes it: zero values left out, the uint64 start time
// as a string, the uint32 duration as a number.
type TraceSummary struct {
	TraceID           string       `json:"traceID"`
	RootServiceName   string       `json:"rootServiceName,omitempty"`
	RootTraceName     string       `json:"rootTraceName,omitempty"`
	StartTimeUnixNano uint64String `json:"startTimeUnixNano,omitempty"`
	DurationMs        uint32       `json:"durationMs,omitempty"`
}

// SearchMetrics is the part of tempopb.SearchMetrics the stand-in can say something about.
type SearchMetrics struct {
	InspectedTraces uint32       `json:"inspectedTraces,omitempty"`
	InspectedBytes  uint64String `json:"inspectedBytes,omitempty"`
}

// SearchRequest is the subset of Tempo's search parameters the stand-in understands.
type SearchRequest struct {
	Tags          map[string]string // from tags=<logfmt>; every tag must match (see traceMatches)
	Limit         int               // > 0; Tempo's default is 20
	Start, End    uint32            // unix seconds; the window applies when both are set
	MinDurationMs uint32            // 0: no lower bound
	MaxDurationMs uint32            // 0: no upper bound
	TraceQL       string            // q=; not implemented
}

const defaultSearchLimit = 20

// ParseSearchRequest reads the parameters in the order Tempo does and fails with Tempo's messages.
func ParseSearchRequest(q url.Values) (SearchRequest, error) {
	req := SearchRequest{Tags: map[string]string{}, Limit: defaultSearchLimit}
	for _, p := range []struct {
		name string
		dst  *uint32
	}{{"start", &req.Start}, {"end", &req.End}} {
		if raw := q.Get(p.name); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 32)
			if err != nil {
				return req, fmt.Errorf("invalid %s: %w", p.name, err)
			}
			*p.dst = uint32(n)
		}
	}
	req.TraceQL = q.Get("q")
	if tags := q.Get("tags"); tags != "" {
		if req.TraceQL != "" {
			return req, errors.New("invalid request: can't specify tags and q in the same query")
		}
		if err := parseTags(tags, req.Tags); err != nil {
			return req, err
		}
	}
	for _, p := range []struct {
		name string
		dst  *uint32
	}{{"minDuration", &req.MinDurationMs}, {"maxDuration", &req.MaxDurationMs}} {
		if raw := q.Get(p.name); raw != "" {
			d, err := time.ParseDuration(raw)
			if err != nil {
				return req, fmt.Errorf("invalid %s: %w", p.name, err)
			}
			*p.dst = uint32(d.Milliseconds())
		}
	}
	if req.MinDurationMs != 0 && req.MinDurationMs > req.MaxDurationMs && q.Get("maxDuration") != "" {
		return req, errors.New("invalid maxDuration: must be greater than minDuration")
	}
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			return req, fmt.Errorf("invalid limit: %w", err)
		}
		if n <= 0 {
			return req, errors.New("invalid limit: must be a positive number")
		}
		req.Limit = n
	}
	if raw := q.Get("spss"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			return req, fmt.Errorf("invalid spss: %w", err)
		}
		if n < 0 {
			return req, errors.New("invalid spss: must be a non-negative number")
		}
	}
	if (req.Start != 0 || req.End != 0) && req.End <= req.Start {
		return req, fmt.Errorf("http parameter start must be before end. received start=%d end=%d", req.Start, req.End)
	}
	return req, nil
}

// parseTags parses Tempo's `tags` parameter, which is logfmt: `service.name=log-service http.status_code=200`.
func parseTags(s string, into map[string]string) error {
	dec := logfmt.NewDecoder(strings.NewReader(s))
	for dec.ScanRecord() {
		for dec.ScanKeyval() {
			key := string(dec.Key())
			if _, seen := into[key]; seen {
				return fmt.Errorf("invalid tags: tag %s has been set twice", key)
			}
			into[key] = string(dec.Value())
		}
	}
	if err := dec.Err(); err != nil {
		var syntax *logfmt.SyntaxError
		if errors.As(err, &syntax) {
			return fmt.Errorf("invalid tags: %s at pos %d", syntax.Msg, syntax.Pos)
		}
		return fmt.Errorf("invalid tags: %w", err)
	}
	return nil
}

// Search returns the matching traces, newest first, at most req.Limit of them (the newest ones: Tempo keeps the
// first `limit` it comes across, in no promised order, then sorts those newest first).
func Search(store *Store, req SearchRequest) ([]TraceSummary, SearchMetrics) {
	out := []TraceSummary{} // no match is "traces":[], not null
	var metrics SearchMetrics
	store.Each(func(id string, batches []*tracepb.ResourceSpans) {
		metrics.InspectedTraces++
		metrics.InspectedBytes += uint64String(proto.Size(&tracepb.TracesData{ResourceSpans: batches}))
		t := summarize(batches)
		if req.Start != 0 && req.End != 0 && (t.start > uint64(req.End)*1e9 || t.end < uint64(req.Start)*1e9) {
			return
		}
		if req.MinDurationMs != 0 || req.MaxDurationMs != 0 {
			maxNs := uint64(math.MaxInt64)
			if req.MaxDurationMs != 0 {
				maxNs = uint64(req.MaxDurationMs) * 1e6
			}
			if d := t.end - t.start; d < uint64(req.MinDurationMs)*1e6 || d > maxNs {
				return
			}
		}
		if !traceMatches(batches, t, req.Tags) {
			return
		}
		summary := TraceSummary{
			TraceID:           strings.TrimLeft(id, "0"), // Tempo's search writes trace ids without leading zeros
			RootServiceName:   t.rootService,
			RootTraceName:     t.rootName,
			StartTimeUnixNano: uint64String(t.start),
			DurationMs:        uint32((t.end - t.start) / 1e6),
		}
		if summary.RootServiceName == "" {
			summary.RootServiceName = rootSpanNotYetReceived
		}
		out = append(out, summary)
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartTimeUnixNano > out[j].StartTimeUnixNano })
	if len(out) > req.Limit {
		out = out[:req.Limit]
	}
	return out, metrics
}

type traceFacts struct {
	start, end            uint64 // earliest span start, latest span end (unix ns)
	rootService, rootName string // of the span without a parent ("" while it has not arrived)
}

func summarize(batches []*tracepb.ResourceSpans) traceFacts {
	var t traceFacts
	for _, rs := range batches {
		for _, ss := range rs.GetScopeSpans() {
			for _, span := range ss.GetSpans() {
				if t.start == 0 || span.GetStartTimeUnixNano() < t.start {
					t.start = span.GetStartTimeUnixNano()
				}
				if span.GetEndTimeUnixNano() > t.end {
					t.end = span.GetEndTimeUnixNano()
				}
				if len(span.GetParentSpanId()) == 0 {
					t.rootService = stringAttr(rs.GetResource().GetAttributes(), "service.name")
					t.rootName = span.GetName()
				}
			}
		}
	}
	if t.end < t.start {
		t.end = t.start
	}
	return t
}

// Tags that vParquet4 blocks keep in columns of their own, matched as case-sensitive substrings
// (schema.go labelMappings; parquetquery.SubstringPredicate is bytes.Contains).
var (
	resourceColumnTags = map[string]bool{
		"service.name": true, "cluster": true, "namespace": true, "pod": true, "container": true,
		"k8s.cluster.name": true, "k8s.namespace.name": true, "k8s.pod.name": true, "k8s.container.name": true,
	}
	spanAttributeColumnTags = map[string]bool{"http.method": true, "http.url": true}
	// spanStatusCodes is vParquet4's StatusCodeMapping; any other value maps to 0 (unset), as a Go map lookup does there.
	spanStatusCodes = map[string]tracepb.Status_StatusCode{
		"unset": tracepb.Status_STATUS_CODE_UNSET, "ok": tracepb.Status_STATUS_CODE_OK, "error": tracepb.Status_STATUS_CODE_ERROR,
	}
)

// traceMatches applies every tag the way Tempo's vParquet4 block search does:
//   - root.service.name, root.name: substring of the root span's service / name;
//   - service.name and the other resource columns: substring of that string attribute of some resource;
//   - name: substring of some span's name; http.method, http.url: substring of that string attribute of some span;
//   - http.status_code with a number: some span's integer attribute equals it; status.code: some span has that status;
//   - any other tag: that exact string value, on the resource or a span, all such tags within one ResourceSpans.
func traceMatches(batches []*tracepb.ResourceSpans, t traceFacts, tags map[string]string) bool {
	generic := map[string]string{}
	for key, want := range tags {
		var ok bool
		switch {
		case key == "root.service.name":
			ok = strings.Contains(t.rootService, want)
		case key == "root.name":
			ok = strings.Contains(t.rootName, want)
		case resourceColumnTags[key]:
			ok = anyResource(batches, func(rs *tracepb.ResourceSpans) bool {
				v, found := stringAttrFound(rs.GetResource().GetAttributes(), key)
				return found && strings.Contains(v, want)
			})
		case key == "name":
			ok = anySpan(batches, func(s *tracepb.Span) bool { return strings.Contains(s.GetName(), want) })
		case spanAttributeColumnTags[key]:
			ok = anySpan(batches, func(s *tracepb.Span) bool {
				v, found := stringAttrFound(s.GetAttributes(), key)
				return found && strings.Contains(v, want)
			})
		case key == "http.status_code" && isInt(want):
			code, _ := strconv.ParseInt(want, 10, 64)
			ok = anySpan(batches, func(s *tracepb.Span) bool {
				for _, kv := range s.GetAttributes() {
					if iv, isInt := kv.GetValue().GetValue().(*commonpb.AnyValue_IntValue); kv.GetKey() == key && isInt && iv.IntValue == code {
						return true
					}
				}
				return false
			})
		case key == "status.code":
			code := spanStatusCodes[want]
			ok = anySpan(batches, func(s *tracepb.Span) bool { return s.GetStatus().GetCode() == code })
		default:
			generic[key] = want
			ok = true
		}
		if !ok {
			return false
		}
	}
	if len(generic) == 0 {
		return true
	}
	return anyResource(batches, func(rs *tracepb.ResourceSpans) bool {
		for key, want := range generic {
			if !hasStringAttr(rs.GetResource().GetAttributes(), key, want) &&
				!anySpan([]*tracepb.ResourceSpans{rs}, func(s *tracepb.Span) bool { return hasStringAttr(s.GetAttributes(), key, want) }) {
				return false
			}
		}
		return true
	})
}

func isInt(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func anyResource(batches []*tracepb.ResourceSpans, fn func(*tracepb.ResourceSpans) bool) bool {
	for _, rs := range batches {
		if fn(rs) {
			return true
		}
	}
	return false
}

func anySpan(batches []*tracepb.ResourceSpans, fn func(*tracepb.Span) bool) bool {
	for _, rs := range batches {
		for _, ss := range rs.GetScopeSpans() {
			for _, span := range ss.GetSpans() {
				if fn(span) {
					return true
				}
			}
		}
	}
	return false
}

func hasStringAttr(attrs []*commonpb.KeyValue, key, want string) bool {
	v, found := stringAttrFound(attrs, key)
	return found && v == want
}

func stringAttr(attrs []*commonpb.KeyValue, key string) string {
	v, _ := stringAttrFound(attrs, key)
	return v
}

// stringAttrFound is the attribute's value when it is a string (Tempo's string columns hold string values only).
func stringAttrFound(attrs []*commonpb.KeyValue, key string) (string, bool) {
	for _, kv := range attrs {
		if sv, ok := kv.GetValue().GetValue().(*commonpb.AnyValue_StringValue); kv.GetKey() == key && ok {
			return sv.StringValue, true
		}
	}
	return "", false
}
