package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	collectortracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// These tests run the stand-in on loopback ports, export with a real OTLP/gRPC client and read the HTTP API.

const (
	traceA = "0af7651916cd43dd8448eb211c80319c"
	traceB = "00000000000000000000000000000b0b"
)

func startStandin(t *testing.T) *Server {
	t.Helper()
	srv, err := Listen("127.0.0.1:0", "127.0.0.1:0", 100)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	t.Cleanup(srv.Close)
	return srv
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func resourceSpans(t *testing.T, service, traceID string, spans ...*tracepb.Span) *tracepb.ResourceSpans {
	for _, s := range spans {
		s.TraceId = mustHex(t, traceID)
	}
	return &tracepb.ResourceSpans{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{{
			Key: "service.name", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: service}},
		}}},
		ScopeSpans: []*tracepb.ScopeSpans{{Scope: &commonpb.InstrumentationScope{Name: "test"}, Spans: spans}},
	}
}

func span(t *testing.T, id, parent, name string, kind tracepb.Span_SpanKind, start time.Time, d time.Duration) *tracepb.Span {
	s := &tracepb.Span{
		SpanId:            mustHex(t, id),
		Name:              name,
		Kind:              kind,
		StartTimeUnixNano: uint64(start.UnixNano()),
		EndTimeUnixNano:   uint64(start.Add(d).UnixNano()),
	}
	if parent != "" {
		s.ParentSpanId = mustHex(t, parent)
	}
	return s
}

func export(t *testing.T, srv *Server, batches ...*tracepb.ResourceSpans) {
	t.Helper()
	conn, err := grpc.NewClient(srv.GRPCAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = collectortracepb.NewTraceServiceClient(conn).Export(ctx, &collectortracepb.ExportTraceServiceRequest{ResourceSpans: batches})
	if err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, srv *Server, path string) (int, []byte) {
	t.Helper()
	res, err := http.Get("http://" + srv.HTTPAddr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body
}

func getJSON(t *testing.T, srv *Server, path string, into any) {
	t.Helper()
	status, body := get(t, srv, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", path, status, body)
	}
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// twoServiceTrace exports trace A as the services do: log-service in one request, echo-service in another.
func twoServiceTrace(t *testing.T, srv *Server, start time.Time) {
	export(t, srv, resourceSpans(t, "log-service", traceA,
		span(t, "00f067aa0ba902b7", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, start, 40*time.Millisecond),
		span(t, "00f067aa0ba902b8", "00f067aa0ba902b7", "POST", tracepb.Span_SPAN_KIND_CLIENT, start.Add(5*time.Millisecond), 20*time.Millisecond),
	))
	export(t, srv, resourceSpans(t, "echo-service", traceA,
		span(t, "00f067aa0ba902b9", "00f067aa0ba902b8", "POST /echo", tracepb.Span_SPAN_KIND_SERVER, start.Add(8*time.Millisecond), 10*time.Millisecond),
	))
}

type jsonSpan struct {
	TraceID           string `json:"traceId"`
	SpanID            string `json:"spanId"`
	ParentSpanID      string `json:"parentSpanId"`
	Name              string `json:"name"`
	Kind              string `json:"kind"`
	StartTimeUnixNano any    `json:"startTimeUnixNano"`
}

type jsonTrace struct {
	ResourceSpans []struct {
		Resource struct {
			Attributes []struct {
				Key   string `json:"key"`
				Value struct {
					StringValue string `json:"stringValue"`
				} `json:"value"`
			} `json:"attributes"`
		} `json:"resource"`
		ScopeSpans []struct {
			Spans []jsonSpan `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

func b64(t *testing.T, h string) string { return base64.StdEncoding.EncodeToString(mustHex(t, h)) }

func TestTraceByIDHasTempoShape(t *testing.T) {
	srv := startStandin(t)
	start := time.Now()
	twoServiceTrace(t, srv, start)

	var v1 jsonTrace
	getJSON(t, srv, "/api/traces/"+traceA, &v1)
	var v2 struct {
		Trace *jsonTrace `json:"trace"`
	}
	getJSON(t, srv, "/api/v2/traces/"+strings.ToUpper(traceA), &v2)
	if v2.Trace == nil {
		t.Fatal("v2 answer has no \"trace\" object")
	}

	for name, tr := range map[string]jsonTrace{"v1": v1, "v2": *v2.Trace} {
		if len(tr.ResourceSpans) != 2 {
			t.Fatalf("%s: want 2 resourceSpans (one per service), got %d", name, len(tr.ResourceSpans))
		}
		services := map[string]bool{}
		bySpanID := map[string]jsonSpan{}
		for _, rs := range tr.ResourceSpans {
			services[rs.Resource.Attributes[0].Value.StringValue] = true
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					bySpanID[s.SpanID] = s
				}
			}
		}
		if !services["log-service"] || !services["echo-service"] {
			t.Fatalf("%s: services %v", name, services)
		}
		echo, ok := bySpanID[b64(t, "00f067aa0ba902b9")]
		if !ok {
			t.Fatalf("%s: span ids are not base64 of the bytes: %v", name, bySpanID)
		}
		if echo.TraceID != b64(t, traceA) || echo.ParentSpanID != b64(t, "00f067aa0ba902b8") {
			t.Fatalf("%s: trace/parent ids not base64: %+v", name, echo)
		}
		if echo.Kind != "SPAN_KIND_SERVER" {
			t.Fatalf("%s: kind %q, want the enum name", name, echo.Kind)
		}
		if s, ok := echo.StartTimeUnixNano.(string); !ok || s == "" {
			t.Fatalf("%s: startTimeUnixNano must be a JSON string, got %#v", name, echo.StartTimeUnixNano)
		}
	}
}

func TestUnknownAndInvalidTraceIDs(t *testing.T) {
	srv := startStandin(t)
	for _, path := range []string{"/api/traces/" + traceB, "/api/v2/traces/" + traceB} {
		if status, _ := get(t, srv, path); status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, status)
		}
	}
	if status, _ := get(t, srv, "/api/traces/not-hex"); status != http.StatusBadRequest {
		t.Errorf("invalid id: status %d, want 400", status)
	}
	// Tempo left-pads short ids with zeros.
	export(t, srv, resourceSpans(t, "log-service", traceB, span(t, "0000000000000001", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond)))
	if status, body := get(t, srv, "/api/traces/b0b"); status != http.StatusOK {
		t.Errorf("short id: status %d, body %s", status, body)
	}
}

func TestReadyEchoAndStats(t *testing.T) {
	srv := startStandin(t)
	if status, body := get(t, srv, "/ready"); status != 200 || strings.TrimSpace(string(body)) != "ready" {
		t.Errorf("/ready: %d %q", status, body)
	}
	if status, body := get(t, srv, "/api/echo"); status != 200 || strings.TrimSpace(string(body)) != "echo" {
		t.Errorf("/api/echo: %d %q", status, body)
	}
	twoServiceTrace(t, srv, time.Now())
	var stats Stats
	getJSON(t, srv, "/standin/stats", &stats)
	if stats != (Stats{Spans: 3, Traces: 1, ExportRequests: 2}) {
		t.Errorf("stats %+v", stats)
	}
}

type searchAnswer struct {
	Traces []struct {
		TraceID           string `json:"traceID"`
		RootServiceName   string `json:"rootServiceName"`
		RootTraceName     string `json:"rootTraceName"`
		StartTimeUnixNano string `json:"startTimeUnixNano"`
		DurationMs        int    `json:"durationMs"`
	} `json:"traces"`
}

func TestSearchByTags(t *testing.T) {
	srv := startStandin(t)
	start := time.Now()
	twoServiceTrace(t, srv, start)
	export(t, srv, resourceSpans(t, "other-service", traceB, span(t, "0000000000000001", "", "GET /x", tracepb.Span_SPAN_KIND_SERVER, start, time.Millisecond)))

	var found searchAnswer
	getJSON(t, srv, "/api/search?tags="+url.QueryEscape("service.name=log-service")+"&limit=20", &found)
	if len(found.Traces) != 1 {
		t.Fatalf("want exactly trace A, got %+v", found.Traces)
	}
	got := found.Traces[0]
	if got.TraceID != traceA || got.RootServiceName != "log-service" || got.RootTraceName != "GET /info" ||
		got.DurationMs != 40 || got.StartTimeUnixNano == "" {
		t.Fatalf("summary %+v", got)
	}

	// echo-service is in trace A too (Tempo matches any span of the trace), but not in trace B.
	getJSON(t, srv, "/api/search?tags="+url.QueryEscape("service.name=echo-service"), &found)
	if len(found.Traces) != 1 || found.Traces[0].TraceID != traceA {
		t.Fatalf("echo-service search %+v", found.Traces)
	}
	getJSON(t, srv, "/api/search?tags="+url.QueryEscape("service.name=nobody"), &found)
	if len(found.Traces) != 0 {
		t.Fatalf("want no traces, got %+v", found.Traces)
	}

	// start/end are unix seconds; a window that ended before the traces excludes them.
	before := start.Add(-time.Hour).Unix()
	getJSON(t, srv, "/api/search?start="+itoa(before-60)+"&end="+itoa(before), &found)
	if len(found.Traces) != 0 {
		t.Fatalf("window before the traces found %+v", found.Traces)
	}
	getJSON(t, srv, "/api/search?start="+itoa(start.Unix()-60)+"&end="+itoa(start.Unix()+60)+"&limit=1", &found)
	if len(found.Traces) != 1 {
		t.Fatalf("limit=1 returned %d traces", len(found.Traces))
	}

	if status, _ := get(t, srv, "/api/search?limit=x"); status != http.StatusBadRequest {
		t.Errorf("limit=x: status %d, want 400", status)
	}
	if status, _ := get(t, srv, "/api/search?q="+url.QueryEscape("{}")); status != http.StatusBadRequest {
		t.Errorf("TraceQL: status %d, want 400 (not supported by the stand-in)", status)
	}
}

func TestOldestTraceIsDroppedBeyondMaxTraces(t *testing.T) {
	store := NewStore(1)
	first := resourceSpans(t, "a", traceA, span(t, "0000000000000001", "", "x", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond))
	second := resourceSpans(t, "a", traceB, span(t, "0000000000000002", "", "x", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond))
	store.Add([]*tracepb.ResourceSpans{first})
	store.Add([]*tracepb.ResourceSpans{second})
	if store.Trace(traceA) != nil || store.Trace(traceB) == nil {
		t.Fatal("want only the newest trace kept")
	}
	if s := store.Stats(); s.Spans != 2 || s.Traces != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestOneBatchWithTwoTracesIsSplitByTraceID(t *testing.T) {
	store := NewStore(10)
	rs := resourceSpans(t, "log-service", traceA, span(t, "0000000000000001", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond))
	other := span(t, "0000000000000002", "", "POST /logs", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond)
	other.TraceId = mustHex(t, traceB)
	rs.ScopeSpans[0].Spans = append(rs.ScopeSpans[0].Spans, other)
	store.Add([]*tracepb.ResourceSpans{rs})
	for id, name := range map[string]string{traceA: "GET /info", traceB: "POST /logs"} {
		tr := store.Trace(id)
		if tr == nil || len(tr.ResourceSpans) != 1 || len(tr.ResourceSpans[0].ScopeSpans[0].Spans) != 1 ||
			tr.ResourceSpans[0].ScopeSpans[0].Spans[0].Name != name {
			t.Fatalf("trace %s: %v", id, tr)
		}
		if tr.ResourceSpans[0].Resource == nil {
			t.Fatalf("trace %s lost its resource", id)
		}
	}
}
