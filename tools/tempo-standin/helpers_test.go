package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	collectortracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// The tests run the stand-in on loopback ports, export with a real OTLP/gRPC client and read the HTTP API as raw
// bytes or generic JSON (map[string]any), so that each test sees exactly what a client of Tempo would see.

const (
	traceA = "0af7651916cd43dd8448eb211c80319c"
	traceB = "00000000000000000000000000000b0b"
)

func startStandin(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.MaxTraces == 0 {
		opts.MaxTraces = 100
	}
	srv, err := Listen("127.0.0.1:0", "127.0.0.1:0", opts)
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

func b64(t *testing.T, h string) string { return base64.StdEncoding.EncodeToString(mustHex(t, h)) }

func stringValue(s string) *commonpb.AnyValue {
	return &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: s}}
}

func resourceSpans(t *testing.T, service, traceID string, spans ...*tracepb.Span) *tracepb.ResourceSpans {
	for _, s := range spans {
		s.TraceId = mustHex(t, traceID)
	}
	return &tracepb.ResourceSpans{
		Resource:   &resourcepb.Resource{Attributes: []*commonpb.KeyValue{{Key: "service.name", Value: stringValue(service)}}},
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

// export sends one OTLP/gRPC export request, as one batch of an SDK's exporter does.
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

// twoServiceTrace exports trace A as the services do: log-service in one request, echo-service in another.
func twoServiceTrace(t *testing.T, srv *Server, start time.Time) {
	export(t, srv, logServiceBatch(t, start))
	export(t, srv, echoServiceBatch(t, start))
}

func logServiceBatch(t *testing.T, start time.Time) *tracepb.ResourceSpans {
	return resourceSpans(t, "log-service", traceA,
		span(t, "00f067aa0ba902b7", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, start, 40*time.Millisecond),
		span(t, "00f067aa0ba902b8", "00f067aa0ba902b7", "POST", tracepb.Span_SPAN_KIND_CLIENT, start.Add(5*time.Millisecond), 20*time.Millisecond),
	)
}

func echoServiceBatch(t *testing.T, start time.Time) *tracepb.ResourceSpans {
	return resourceSpans(t, "echo-service", traceA,
		span(t, "00f067aa0ba902b9", "00f067aa0ba902b8", "POST /echo", tracepb.Span_SPAN_KIND_SERVER, start.Add(8*time.Millisecond), 10*time.Millisecond),
	)
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, srv *Server, path string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+srv.HTTPAddr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{res.StatusCode, res.Header, body}
}

// getJSON expects 200 and decodes the body into generic JSON values.
func getJSON(t *testing.T, srv *Server, path string) map[string]any {
	t.Helper()
	a := get(t, srv, path)
	if a.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", path, a.status, a.body)
	}
	var v map[string]any
	if err := json.Unmarshal(a.body, &v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, a.body)
	}
	return v
}

// expectError expects the status and the exact plain-text message.
func expectError(t *testing.T, srv *Server, path string, status int, message string) {
	t.Helper()
	a := get(t, srv, path)
	if a.status != status || string(a.body) != message {
		t.Errorf("GET %s: %d %q, want %d %q", path, a.status, a.body, status, message)
	}
}

// spansOf lists the spans of an OTLP JSON ResourceSpans array (v1 "batches" or v2 "trace.resourceSpans").
func spansOf(t *testing.T, batches any) []map[string]any {
	t.Helper()
	list, ok := batches.([]any)
	if !ok {
		t.Fatalf("not a list of ResourceSpans: %#v", batches)
	}
	var spans []map[string]any
	for _, rs := range list {
		for _, ss := range rs.(map[string]any)["scopeSpans"].([]any) {
			for _, s := range ss.(map[string]any)["spans"].([]any) {
				spans = append(spans, s.(map[string]any))
			}
		}
	}
	return spans
}

func spanNames(t *testing.T, batches any) []string {
	var names []string
	for _, s := range spansOf(t, batches) {
		names = append(names, s["name"].(string))
	}
	return names
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
