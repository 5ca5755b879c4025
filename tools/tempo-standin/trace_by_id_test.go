package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

// One test per fact of Tempo 2.10.8's trace-by-id answers; each names the Tempo source file (tag v2.10.8) it follows.

// pkg/tempopb/trace_utils.go (MarshalToJSONV1): v1's list of ResourceSpans is called "batches".
func TestV1AnswersBatches(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now())
	v1 := getJSON(t, srv, "/api/traces/"+traceA)
	if got := keys(v1); !slices.Equal(got, []string{"batches"}) {
		t.Fatalf("v1 top-level keys %v, want only batches", got)
	}
	if names := spanNames(t, v1["batches"]); len(names) != 3 {
		t.Fatalf("v1 spans %v, want the 3 exported", names)
	}
}

// modules/frontend/combiner/trace_by_id.go (NewTraceByID: "if all downstream jobs return 404 then it will return 404
// with no body").
func TestV1UnknownTraceIs404WithEmptyBody(t *testing.T) {
	srv := startStandin(t, Options{})
	a := get(t, srv, "/api/traces/"+traceB)
	if a.status != http.StatusNotFound || len(a.body) != 0 {
		t.Fatalf("unknown trace on v1: %d %q, want 404 and no body", a.status, a.body)
	}
}

// pkg/api/http.go (MarshalingFormatFromAcceptHeader) and modules/frontend/combiner/trace_by_id.go (HTTPFinal):
// an Accept header naming application/protobuf gets tempopb.Trace, whose wire layout is OTLP TracesData.
func TestV1AnswersProtobufWhenAccepted(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now())
	for _, accept := range []string{"application/protobuf", "application/json, application/protobuf"} {
		a := get(t, srv, "/api/traces/"+traceA, "Accept", accept)
		if a.status != http.StatusOK || a.header.Get("Content-Type") != "application/protobuf" {
			t.Fatalf("Accept %q: %d %s", accept, a.status, a.header.Get("Content-Type"))
		}
		var trace tracepb.TracesData
		if err := proto.Unmarshal(a.body, &trace); err != nil {
			t.Fatalf("Accept %q: not protobuf: %v", accept, err)
		}
		if len(trace.ResourceSpans) != 2 || trace.ResourceSpans[1].ScopeSpans[0].Spans[0].Name != "POST /echo" {
			t.Fatalf("Accept %q: decoded %v", accept, &trace)
		}
	}
	if a := get(t, srv, "/api/traces/"+traceA, "Accept", "application/json"); a.header.Get("Content-Type") != "application/json" {
		t.Fatalf("Accept application/json answered %s", a.header.Get("Content-Type"))
	}
}

// traceByIDResponseType describes tempopb.TraceByIDResponse from pkg/tempopb/tempo.proto (field numbers copied from
// there), so the test decodes the stand-in's protobuf with the protobuf library, not with the stand-in's encoder.
func traceByIDResponseType(t *testing.T) protoreflect.MessageType {
	t.Helper()
	const otlpTrace = "opentelemetry/proto/trace/v1/trace.proto"
	field := func(name string, number int32, typ descriptorpb.FieldDescriptorProto_Type, typeName string) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), JsonName: proto.String(name), Number: proto.Int32(number),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(), Type: typ.Enum()}
		if typeName != "" {
			f.TypeName = proto.String(typeName)
		}
		return f
	}
	file := &descriptorpb.FileDescriptorProto{
		Name: proto.String("standin_test/tempo.proto"), Package: proto.String("standintest"), Syntax: proto.String("proto3"),
		Dependency: []string{otlpTrace},
		EnumType: []*descriptorpb.EnumDescriptorProto{{Name: proto.String("PartialStatus"), Value: []*descriptorpb.EnumValueDescriptorProto{
			{Name: proto.String("COMPLETE"), Number: proto.Int32(0)}, {Name: proto.String("PARTIAL"), Number: proto.Int32(1)},
		}}},
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("Trace"), Field: []*descriptorpb.FieldDescriptorProto{{
				Name: proto.String("resourceSpans"), JsonName: proto.String("resourceSpans"), Number: proto.Int32(1),
				Label: descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum(), Type: descriptorpb.FieldDescriptorProto_TYPE_MESSAGE.Enum(),
				TypeName: proto.String(".opentelemetry.proto.trace.v1.ResourceSpans"),
			}}},
			{Name: proto.String("TraceByIDMetrics"), Field: []*descriptorpb.FieldDescriptorProto{
				field("inspectedBytes", 1, descriptorpb.FieldDescriptorProto_TYPE_UINT64, ""),
			}},
			{Name: proto.String("TraceByIDResponse"), Field: []*descriptorpb.FieldDescriptorProto{
				field("trace", 1, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, ".standintest.Trace"),
				field("metrics", 2, descriptorpb.FieldDescriptorProto_TYPE_MESSAGE, ".standintest.TraceByIDMetrics"),
				field("status", 3, descriptorpb.FieldDescriptorProto_TYPE_ENUM, ".standintest.PartialStatus"),
				field("message", 4, descriptorpb.FieldDescriptorProto_TYPE_STRING, ""),
			}},
		},
	}
	fd, err := protodesc.NewFile(file, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	return dynamicpb.NewMessageType(fd.Messages().ByName("TraceByIDResponse"))
}

// modules/frontend/combiner/common.go (internalMarshalAs) and pkg/tempopb/tempo.proto (TraceByIDResponse): v2 answers
// protobuf too, with the trace, metrics, status and message.
func TestV2AnswersProtobufWhenAccepted(t *testing.T) {
	srv := startStandin(t, Options{MaxBytesPerTrace: 1})
	twoServiceTrace(t, srv, time.Now())
	a := get(t, srv, "/api/v2/traces/"+traceA, "Accept", "application/protobuf")
	if a.status != http.StatusOK || a.header.Get("Content-Type") != "application/protobuf" {
		t.Fatalf("%d %s", a.status, a.header.Get("Content-Type"))
	}
	responseType := traceByIDResponseType(t)
	msg := responseType.New().Interface()
	if err := proto.Unmarshal(a.body, msg); err != nil {
		t.Fatalf("not a TraceByIDResponse: %v", err)
	}
	fields := msg.ProtoReflect().Descriptor().Fields()
	r := msg.ProtoReflect()
	trace := r.Get(fields.ByName("trace")).Message()
	batches := trace.Get(trace.Descriptor().Fields().ByName("resourceSpans")).List()
	status := r.Get(fields.ByName("status")).Enum()
	message := r.Get(fields.ByName("message")).String()
	metrics := r.Get(fields.ByName("metrics")).Message()
	inspected := metrics.Get(metrics.Descriptor().Fields().ByName("inspectedBytes")).Uint()
	if batches.Len() != 1 || status != 1 || !strings.Contains(message, "partial trace") || inspected == 0 {
		t.Fatalf("decoded: %d batches, status %d, message %q, inspectedBytes %d", batches.Len(), status, message, inspected)
	}

	unknown := get(t, srv, "/api/v2/traces/"+traceB, "Accept", "application/protobuf")
	empty := responseType.New().Interface()
	if err := proto.Unmarshal(unknown.body, empty); err != nil || unknown.status != http.StatusOK ||
		!empty.ProtoReflect().Has(fields.ByName("trace")) || empty.ProtoReflect().Has(fields.ByName("status")) {
		t.Fatalf("unknown trace in protobuf: %d %x (%v)", unknown.status, unknown.body, err)
	}
}

// modules/frontend/combiner/trace_by_id_v2.go (finalize): {"trace":{"resourceSpans":[…]},"metrics":{…}}, no status
// or message for a whole trace (COMPLETE is the enum's zero value, left out like "").
func TestV2WrapsTheTraceWithMetrics(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now())
	v2 := getJSON(t, srv, "/api/v2/traces/"+traceA)
	if got := keys(v2); !sameSet(got, []string{"trace", "metrics"}) {
		t.Fatalf("v2 keys %v", got)
	}
	trace := v2["trace"].(map[string]any)
	if names := spanNames(t, trace["resourceSpans"]); len(names) != 3 {
		t.Fatalf("v2 spans %v", names)
	}
	if inspected, ok := v2["metrics"].(map[string]any)["inspectedBytes"].(string); !ok || inspected == "" || inspected == "0" {
		t.Fatalf("metrics %v: want inspectedBytes as a non-zero string", v2["metrics"])
	}
}

// modules/querier/http.go (TraceByIDHandlerV2 never writes 404) and modules/frontend/combiner/trace_by_id_v2.go
// (finalize substitutes an empty trace): an unknown trace is 200 with an empty trace.
func TestV2UnknownTraceIs200WithEmptyTrace(t *testing.T) {
	srv := startStandin(t, Options{})
	a := get(t, srv, "/api/v2/traces/"+traceB)
	if a.status != http.StatusOK || string(a.body) != `{"trace":{},"metrics":{}}` {
		t.Fatalf("unknown trace on v2: %d %s", a.status, a.body)
	}
}

// modules/frontend/combiner/trace_by_id_v2.go and pkg/model/trace/combine.go (Combiner with allowPartialTrace): the
// pieces of a trace are combined in order; once the size exceeds max bytes, the piece that crossed the limit is kept,
// later ones are left out, and the answer says "status":"PARTIAL" with Tempo's message.
func TestV2TraceLargerThanMaxBytesIsPartial(t *testing.T) {
	start := time.Now()
	first, second := logServiceBatch(t, start), echoServiceBatch(t, start)
	third := resourceSpans(t, "third-service", traceA, span(t, "00f067aa0ba902ba", "00f067aa0ba902b9", "GET /third", tracepb.Span_SPAN_KIND_SERVER, start.Add(9*time.Millisecond), time.Millisecond))
	firstSize := proto.Size(&tracepb.TracesData{ResourceSpans: []*tracepb.ResourceSpans{first}})

	for _, tc := range []struct {
		maxBytes int
		want     []string
	}{
		{maxBytes: 1, want: []string{"GET /info", "POST"}},                       // the first piece already crosses
		{maxBytes: firstSize, want: []string{"GET /info", "POST", "POST /echo"}}, // the second piece crosses
	} {
		srv := startStandin(t, Options{MaxBytesPerTrace: tc.maxBytes})
		export(t, srv, proto.Clone(first).(*tracepb.ResourceSpans))
		export(t, srv, proto.Clone(second).(*tracepb.ResourceSpans))
		export(t, srv, proto.Clone(third).(*tracepb.ResourceSpans))
		v2 := getJSON(t, srv, "/api/v2/traces/"+traceA)
		want := fmt.Sprintf("Trace exceeds maximum size of %d bytes, a partial trace is returned", tc.maxBytes)
		if v2["status"] != "PARTIAL" || v2["message"] != want {
			t.Fatalf("max %d: status %v, message %v", tc.maxBytes, v2["status"], v2["message"])
		}
		if names := spanNames(t, v2["trace"].(map[string]any)["resourceSpans"]); !slices.Equal(names, tc.want) {
			t.Fatalf("max %d: spans %v, want %v", tc.maxBytes, names, tc.want)
		}
	}

	whole := startStandin(t, Options{MaxBytesPerTrace: 0}) // 0: no limit, as in Tempo
	export(t, whole, first, second, third)
	if v2 := getJSON(t, whole, "/api/v2/traces/"+traceA); v2["status"] != nil {
		t.Fatalf("no limit: status %v", v2["status"])
	}
}

// modules/frontend/combiner/trace_by_id.go (AddResponse: ErrTraceTooLarge → 422) and pkg/model/trace/combine.go
// (sizeError): v1 never returns part of a trace.
func TestV1TraceLargerThanMaxBytesIs422(t *testing.T) {
	srv := startStandin(t, Options{MaxBytesPerTrace: 100})
	twoServiceTrace(t, srv, time.Now())
	expectError(t, srv, "/api/traces/"+traceA, http.StatusUnprocessableEntity, "trace exceeds max size (max bytes: 100)")
}

// pkg/tempopb/trace_utils.go and modules/frontend/combiner/common.go write JSON with gogo jsonpb: ids as padded base64,
// 64-bit integers as strings, enums by name, zero values left out, no whitespace, <>& escaped.
func TestJSONIsWrittenAsGogoJSONPBWritesIt(t *testing.T) {
	srv := startStandin(t, Options{})
	start := time.Now()
	server := span(t, "00f067aa0ba902b7", "", "GET /info?q=<a&b>", tracepb.Span_SPAN_KIND_SERVER, start, time.Millisecond)
	server.Status = &tracepb.Status{Code: tracepb.Status_STATUS_CODE_ERROR}
	server.Attributes = []*commonpb.KeyValue{{Key: "http.status_code", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 500}}}}
	internal := span(t, "00f067aa0ba902b8", "00f067aa0ba902b7", "work", tracepb.Span_SPAN_KIND_UNSPECIFIED, start, time.Millisecond)
	export(t, srv, resourceSpans(t, "log-service", traceA, server, internal))

	raw := get(t, srv, "/api/v2/traces/"+traceA).body
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil || !bytes.Equal(compact.Bytes(), raw) {
		t.Fatalf("not compact JSON (%v): %s", err, raw)
	}
	if !bytes.Contains(raw, []byte(`"name":"GET /info?q=\u003ca\u0026b\u003e"`)) {
		t.Fatalf("<, > and & not escaped as encoding/json does: %s", raw)
	}
	var v2 map[string]any
	if err := json.Unmarshal(raw, &v2); err != nil {
		t.Fatal(err)
	}
	spans := spansOf(t, v2["trace"].(map[string]any)["resourceSpans"])
	root, child := spans[0], spans[1]
	checks := map[string]bool{
		"traceId is base64":            root["traceId"] == b64(t, traceA),
		"spanId is base64":             root["spanId"] == b64(t, "00f067aa0ba902b7"),
		"parentSpanId is base64":       child["parentSpanId"] == b64(t, "00f067aa0ba902b7"),
		"root has no parentSpanId":     root["parentSpanId"] == nil,
		"kind by enum name":            root["kind"] == "SPAN_KIND_SERVER",
		"zero kind left out":           child["kind"] == nil,
		"status code by enum name":     root["status"].(map[string]any)["code"] == "STATUS_CODE_ERROR",
		"start time is a string":       root["startTimeUnixNano"] == fmt.Sprint(start.UnixNano()),
		"int attribute is a string":    root["attributes"].([]any)[0].(map[string]any)["value"].(map[string]any)["intValue"] == "500",
		"zero dropped counts left out": root["droppedAttributesCount"] == nil,
	}
	for name, ok := range checks {
		if !ok {
			t.Errorf("%s: %v / %v", name, root, child)
		}
	}
}

// pkg/util/traceid.go (HexStringToTraceID) via pkg/api/http.go (ParseTraceID): up to 32 hex digits of either case,
// left-padded with zeros; anything else is 400 with Tempo's message.
func TestTraceIDsArePaddedAndValidated(t *testing.T) {
	srv := startStandin(t, Options{})
	export(t, srv, resourceSpans(t, "log-service", traceB, span(t, "0000000000000001", "", "GET /info", tracepb.Span_SPAN_KIND_SERVER, time.Now(), time.Millisecond)))
	for _, id := range []string{"b0b", "B0B", traceB} {
		if a := get(t, srv, "/api/traces/"+id); a.status != http.StatusOK {
			t.Errorf("id %s: %d %s", id, a.status, a.body)
		}
	}
	expectError(t, srv, "/api/traces/xyz", http.StatusBadRequest, "trace IDs can only contain hex characters: invalid character 'x' at position 1")
	expectError(t, srv, "/api/v2/traces/"+traceA+"0", http.StatusBadRequest, "trace IDs can't be larger than 128 bits")
}

// pkg/api/http.go (ValidateAndSanitizeRequest): start/end are unix seconds, end after start; mode is one of four.
func TestTraceByIDValidatesStartEndAndMode(t *testing.T) {
	srv := startStandin(t, Options{})
	twoServiceTrace(t, srv, time.Now())
	expectError(t, srv, "/api/v2/traces/"+traceA+"?start=200&end=100", http.StatusBadRequest, "http parameter start must be before end. received start=200 end=100")
	expectError(t, srv, "/api/traces/"+traceA+"?start=x", http.StatusBadRequest, `invalid start: strconv.ParseInt: parsing "x": invalid syntax`)
	expectError(t, srv, "/api/traces/"+traceA+"?mode=everything", http.StatusBadRequest, "invalid value for mode everything")
	if a := get(t, srv, "/api/v2/traces/"+traceA+"?start=100&end=200&mode=all"); a.status != http.StatusOK {
		t.Fatalf("valid parameters: %d %s", a.status, a.body)
	}
}

// pkg/api/http.go (MarshalingFormatFromAcceptHeader) knows a third format, application/vnd.grafana.llm; the stand-in
// does not implement it and says so with 406 instead of answering another format.
func TestLLMFormatIsRefused(t *testing.T) {
	srv := startStandin(t, Options{})
	a := get(t, srv, "/api/v2/traces/"+traceA, "Accept", "application/vnd.grafana.llm")
	if a.status != http.StatusNotAcceptable || !strings.Contains(string(a.body), "not implemented") {
		t.Fatalf("%d %s", a.status, a.body)
	}
}

// cmd/tempo/app/app.go (readyHandler) and cmd/tempo/app/modules.go (echoHandler): http.Error(w, "ready"/"echo", 200).
func TestReadyAndEcho(t *testing.T) {
	srv := startStandin(t, Options{})
	for path, want := range map[string]string{"/ready": "ready\n", "/api/echo": "echo\n"} {
		if a := get(t, srv, path); a.status != http.StatusOK || string(a.body) != want {
			t.Errorf("%s: %d %q", path, a.status, a.body)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
