package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// One test per fact of Tempo 2.10.8's GET /api/search answers; each names the Tempo source file (tag v2.10.8) it follows.

// searchIDs runs a search that must succeed and returns the traceID fields in answer order.
func searchIDs(t *testing.T, srv *Server, query string) []string {
	t.Helper()
	found := getJSON(t, srv, "/api/search?"+query)
	var ids []string
	for _, tr := range found["traces"].([]any) {
		ids = append(ids, tr.(map[string]any)["traceID"].(string))
	}
	return ids
}

// traceAInSearch is trace A as search answers it: without its leading zero.
const traceAInSearch = "af7651916cd43dd8448eb211c80319c"

func tags(logfmt string) string { return "tags=" + url.QueryEscape(logfmt) }

// oneSpanTrace exports a trace of one root span of `service`, started at `start`.
func oneSpanTrace(t *testing.T, srv *Server, traceID, service, name string, start time.Time, d time.Duration, attrs ...*commonpb.KeyValue) {
	s := span(t, "0000000000000001", "", name, tracepb.Span_SPAN_KIND_SERVER, start, d)
	s.Attributes = attrs
	export(t, srv, resourceSpans(t, service, traceID, s))
}

// pkg/util/traceid.go (TraceIDToHexString "removes any leading zeros"), used for every search result.
func TestSearchTraceIDsHaveNoLeadingZeros(t *testing.T) {
	srv := startStandin(t, Options{})
	oneSpanTrace(t, srv, traceB, "log-service", "GET /info", time.Now(), time.Millisecond)
	if ids := searchIDs(t, srv, tags("service.name=log-service")); !slices.Equal(ids, []string{"b0b"}) {
		t.Fatalf("ids %v, want [b0b] (trace %s without its leading zeros)", ids, traceB)
	}
}

// tempodb/encoding/vparquet4/block_search.go (makePipelineWithRowGroups) with pkg/parquetquery/predicates.go
// (SubstringPredicate is bytes.Contains): service.name, name and the other tags with a column of their own match as
// case-sensitive substrings. (The "case insensitive partial match" comment on SearchRequest.Tags in
// pkg/tempopb/tempo.proto is not what the code does.)
func TestSearchColumnTagsMatchAsCaseSensitiveSubstrings(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now())
	for query, want := range map[string][]string{
		"service.name=log-service":      {traceAInSearch},
		"service.name=log":              {traceAInSearch}, // substring
		"service.name=echo":             {traceAInSearch}, // any ResourceSpans of the trace
		"service.name=LOG-SERVICE":      nil,              // case-sensitive
		"name=/info":                    {traceAInSearch}, // span name, substring
		"name=/INFO":                    nil,
		"root.service.name=log":         {traceAInSearch},
		"root.service.name=echo":        nil, // echo-service is not the root
		"root.name=GET":                 {traceAInSearch},
		"service.name=log name=/echo":   {traceAInSearch}, // each tag anywhere in the trace
		"service.name=log name=/absent": nil,
	} {
		if ids := searchIDs(t, srv, tags(query)); !slices.Equal(ids, want) {
			t.Errorf("tags %q: %v, want %v", query, ids, want)
		}
	}
}

// tempodb/encoding/vparquet4/block_search.go (otherAttrConditions) with pkg/parquetquery/iters.go
// (KeyValueGroupPredicate): any other tag matches an exact string attribute value, on a resource or a span, all of
// them within one ResourceSpans; http.status_code with a number matches the integer attribute; status.code by name.
func TestSearchOtherTagsMatchExactValues(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	oneSpanTrace(t, srv, traceA, "log-service", "GET /info", start, time.Millisecond,
		&commonpb.KeyValue{Key: "http.route", Value: stringValue("/info")},
		&commonpb.KeyValue{Key: "http.status_code", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 200}}},
		&commonpb.KeyValue{Key: "retries", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 3}}},
	)
	for query, want := range map[string][]string{
		"http.route=/info":                      {traceAInSearch},
		"http.route=/inf":                       nil, // exact, not a substring
		"http.route=/INFO":                      nil,
		"http.status_code=200":                  {traceAInSearch},
		"http.status_code=20":                   nil,
		"retries=3":                             nil, // only string values are matched this way
		"status.code=unset":                     {traceAInSearch},
		"status.code=error":                     nil,
		"http.route=/info http.status_code=200": {traceAInSearch},
	} {
		if ids := searchIDs(t, srv, tags(query)); !slices.Equal(ids, want) {
			t.Errorf("tags %q: %v, want %v", query, ids, want)
		}
	}
}

// pkg/api/http.go (ParseSearchRequestWithDefault: "invalid limit: must be a positive number") and
// modules/frontend/search_handlers.go (adjustLimit: no limit means the default, 20).
func TestSearchLimitDefaultsTo20AndMustBePositive(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	for i := 1; i <= 25; i++ {
		oneSpanTrace(t, srv, fmt.Sprintf("%032x", i), "log-service", "GET /info", start.Add(time.Duration(i)*time.Millisecond), time.Millisecond)
	}
	if ids := searchIDs(t, srv, tags("service.name=log-service")); len(ids) != 20 {
		t.Fatalf("default limit: %d traces, want 20", len(ids))
	}
	if ids := searchIDs(t, srv, "limit=3"); len(ids) != 3 {
		t.Fatalf("limit=3: %d traces", len(ids))
	}
	expectError(t, srv, "/api/search?limit=0", http.StatusBadRequest, "invalid limit: must be a positive number")
	expectError(t, srv, "/api/search?limit=-1", http.StatusBadRequest, "invalid limit: must be a positive number")
	expectError(t, srv, "/api/search?limit=x", http.StatusBadRequest, `invalid limit: strconv.Atoi: parsing "x": invalid syntax`)
}

// pkg/api/http.go (ParseSearchRequestWithDefault): start and end are unix seconds; once either is set, end must be
// after start. tempodb/encoding/vparquet4/block_search.go: with both set, a trace matches when it overlaps the window.
func TestSearchStartMustBeBeforeEnd(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	twoServiceTrace(t, srv, start)
	expectError(t, srv, "/api/search?start=200&end=100", http.StatusBadRequest, "http parameter start must be before end. received start=200 end=100")
	expectError(t, srv, "/api/search?start=100&end=100", http.StatusBadRequest, "http parameter start must be before end. received start=100 end=100")
	expectError(t, srv, "/api/search?start=100", http.StatusBadRequest, "http parameter start must be before end. received start=100 end=0")
	expectError(t, srv, "/api/search?end=x", http.StatusBadRequest, `invalid end: strconv.ParseInt: parsing "x": invalid syntax`)

	sec := start.Unix()
	window := func(from, to int64) string {
		return "start=" + strconv.FormatInt(from, 10) + "&end=" + strconv.FormatInt(to, 10)
	}
	if ids := searchIDs(t, srv, window(sec-3600, sec-60)); len(ids) != 0 {
		t.Errorf("window before the trace found %v", ids)
	}
	if ids := searchIDs(t, srv, window(sec-60, sec+60)); !slices.Equal(ids, []string{traceAInSearch}) {
		t.Errorf("window around the trace found %v", ids)
	}
}

// pkg/api/http.go (minDuration/maxDuration are Go durations) and tempodb/encoding/vparquet4/block_search.go (the
// trace's duration within [min, max]).
func TestSearchDurationBounds(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now()) // 40 ms
	for query, want := range map[string][]string{
		"minDuration=30ms":                {traceAInSearch},
		"minDuration=50ms":                nil,
		"maxDuration=30ms":                nil,
		"minDuration=10ms&maxDuration=1s": {traceAInSearch},
	} {
		if ids := searchIDs(t, srv, query); !slices.Equal(ids, want) {
			t.Errorf("%s: %v, want %v", query, ids, want)
		}
	}
	expectError(t, srv, "/api/search?minDuration=2s&maxDuration=1s", http.StatusBadRequest, "invalid maxDuration: must be greater than minDuration")
	expectError(t, srv, "/api/search?minDuration=soon", http.StatusBadRequest, `invalid minDuration: time: invalid duration "soon"`)
}

// pkg/tempopb/tempo.proto (TraceSearchMetadata.durationMs is a uint32) written by gogo jsonpb, which leaves zero values
// out: a trace shorter than 1 ms has no durationMs at all; startTimeUnixNano (uint64) is a string.
func TestSearchDurationMsLeftOutWhenZero(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	oneSpanTrace(t, srv, traceA, "log-service", "GET /slow", start, 40*time.Millisecond)
	oneSpanTrace(t, srv, traceB, "log-service", "GET /fast", start.Add(time.Second), 300*time.Microsecond)
	byName := map[string]map[string]any{}
	for _, tr := range getJSON(t, srv, "/api/search")["traces"].([]any) {
		byName[tr.(map[string]any)["rootTraceName"].(string)] = tr.(map[string]any)
	}
	if d, present := byName["GET /fast"]["durationMs"]; present {
		t.Errorf("0 ms trace carries durationMs %v", d)
	}
	if d := byName["GET /slow"]["durationMs"]; d != float64(40) {
		t.Errorf("40 ms trace: durationMs %v", d)
	}
	if s := byName["GET /slow"]["startTimeUnixNano"]; s != strconv.FormatInt(start.UnixNano(), 10) {
		t.Errorf("startTimeUnixNano %#v, want the start as a string", s)
	}
}

// pkg/traceql/combine.go (anyCombiner.Metadata sorts by StartTimeUnixNano, newest first).
func TestSearchAnswersNewestFirst(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	oneSpanTrace(t, srv, traceB, "log-service", "GET /info", start.Add(-time.Minute), time.Millisecond) // older, received first
	oneSpanTrace(t, srv, traceA, "log-service", "GET /info", start, time.Millisecond)
	oneSpanTrace(t, srv, "0000000000000000000000000000000c", "log-service", "GET /info", start.Add(-time.Hour), time.Millisecond)
	if ids := searchIDs(t, srv, ""); !slices.Equal(ids, []string{traceAInSearch, "b0b", "c"}) {
		t.Fatalf("order %v, want newest first", ids)
	}
}

// The stand-in's own rule where Tempo promises less (docs/trace-check.md): of more matches than `limit`, search keeps
// the newest `limit` (Tempo keeps whichever it finds first), then answers them newest first (pkg/traceql/combine.go).
// Which ids come back, not only how many: traces arrive out of time order, and some do not match the tag.
func TestSearchKeepsTheNewestLimitMatchesNewestFirst(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now().Add(-time.Hour)
	// Arrival order and start order differ: trace i starts i minutes after `start`.
	for _, i := range []int{7, 2, 9, 4, 1, 8, 3, 6, 5} {
		service := "log-service"
		if i == 8 {
			service = "echo-service" // the newest but one does not match
		}
		oneSpanTrace(t, srv, fmt.Sprintf("%032x", i), service, "GET /info", start.Add(time.Duration(i)*time.Minute), time.Millisecond)
	}
	for query, want := range map[string][]string{
		tags("service.name=log-service") + "&limit=3": {"9", "7", "6"},
		tags("service.name=log-service") + "&limit=1": {"9"},
		tags("service.name=log-service") + "&limit=8": {"9", "7", "6", "5", "4", "3", "2", "1"},
		tags("service.name=log-service") + "&limit=9": {"9", "7", "6", "5", "4", "3", "2", "1"},
		"limit=2": {"9", "8"},
	} {
		if ids := searchIDs(t, srv, query); !slices.Equal(ids, want) {
			t.Errorf("%s: %v, want %v", query, ids, want)
		}
	}
}

// tempodb/encoding/vparquet4/block_search.go (the generic attribute conditions): tags without a column of their own
// must all hold "on each ResourceSpans", a union at the ResourceSpans level with pkg/parquetquery's
// KeyValueGroupPredicate. So two such tags, each matching a different batch of one trace, do not match that trace;
// within one batch, one on the resource and one on a span do.
func TestSearchGenericTagsMatchWithinOneBatch(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	attr := func(key, value string) *commonpb.KeyValue {
		return &commonpb.KeyValue{Key: key, Value: stringValue(value)}
	}
	// Trace A: two batches, the first with team=checkout on its span, the second with tier=backend on its span.
	log := logServiceBatch(t, start)
	log.ScopeSpans[0].Spans[0].Attributes = []*commonpb.KeyValue{attr("team", "checkout")}
	echo := echoServiceBatch(t, start)
	echo.ScopeSpans[0].Spans[0].Attributes = []*commonpb.KeyValue{attr("tier", "backend")}
	export(t, srv, log)
	export(t, srv, echo)
	// Trace B: one batch, team=checkout on its resource and tier=backend on its span.
	one := resourceSpans(t, "log-service", traceB, span(t, "0000000000000001", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, start.Add(-time.Second), time.Millisecond))
	one.Resource.Attributes = append(one.Resource.Attributes, attr("team", "checkout"))
	one.ScopeSpans[0].Spans[0].Attributes = []*commonpb.KeyValue{attr("tier", "backend")}
	export(t, srv, one)
	for query, want := range map[string][]string{
		"team=checkout":              {traceAInSearch, "b0b"},
		"tier=backend":               {traceAInSearch, "b0b"},
		"team=checkout tier=backend": {"b0b"}, // A's two tags sit in two batches
		"team=checkout tier=edge":    nil,
	} {
		if ids := searchIDs(t, srv, tags(query)); !slices.Equal(ids, want) {
			t.Errorf("tags %q: %v, want %v", query, ids, want)
		}
	}
}

// pkg/api/http.go: q (TraceQL) and tags together are refused with Tempo's message; q alone would need a TraceQL engine,
// which the stand-in does not have, so it answers 400 and says so.
func TestSearchTraceQLIsNotImplemented(t *testing.T) {
	srv := startStandin(t, Options{})
	expectError(t, srv, "/api/search?q="+url.QueryEscape(`{ resource.service.name = "log-service" }`), http.StatusBadRequest, traceQLNotImplemented)
	expectError(t, srv, "/api/search?q=%7B%7D&"+tags("service.name=log-service"), http.StatusBadRequest, "invalid request: can't specify tags and q in the same query")
}

// pkg/api/http.go: tags is logfmt; a tag given twice and a syntax error are refused with Tempo's messages.
func TestSearchTagsParseErrors(t *testing.T) {
	srv := startStandin(t, Options{})
	expectError(t, srv, "/api/search?"+tags("service.name=a service.name=b"), http.StatusBadRequest, "invalid tags: tag service.name has been set twice")
	expectError(t, srv, "/api/search?"+tags(`service.name="unterminated`), http.StatusBadRequest, "invalid tags: unterminated quoted value at pos 27")
}

// modules/frontend/combiner/search.go (finalize): no match is an empty list, and a trace whose root span has not
// arrived is named "<root span not yet received>" (escaped as gogo jsonpb escapes < and >) with no rootTraceName.
func TestSearchEmptyAnswerAndRootNotYetReceived(t *testing.T) {
	srv := startStandin(t, Options{})
	if a := get(t, srv, "/api/search?"+tags("service.name=nobody")); !bytes.HasPrefix(a.body, []byte(`{"traces":[],`)) {
		t.Fatalf("no match: %s", a.body)
	}
	export(t, srv, echoServiceBatch(t, time.Now())) // echo-service's span, whose parent is in log-service
	a := get(t, srv, "/api/search")
	if !bytes.Contains(a.body, []byte(`"rootServiceName":"\u003croot span not yet received\u003e"`)) || bytes.Contains(a.body, []byte("rootTraceName")) {
		t.Fatalf("root not yet received: %s", a.body)
	}
}
