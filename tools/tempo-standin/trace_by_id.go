package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// The trace-by-id routes, as Tempo 2.10.8's query frontend answers them:
//
//	GET /api/traces/<id>     found: 200 {"batches":[…]}; unknown: 404, empty body; larger than max bytes: 422
//	GET /api/v2/traces/<id>  found: 200 {"trace":{"resourceSpans":[…]},"metrics":{…}}, plus "status":"PARTIAL" and
//	                         "message" when cut short; unknown: 200 {"trace":{},"metrics":{}} (never 404)
//
// Both answer protobuf when the Accept header names application/protobuf (what Grafana's Tempo datasource asks for).
// Sources: modules/frontend/combiner/trace_by_id.go, modules/frontend/combiner/trace_by_id_v2.go,
// modules/frontend/traceid_handlers.go, modules/querier/http.go, pkg/api/http.go, pkg/tempopb/trace_utils.go.

const (
	contentTypeJSON     = "application/json"
	contentTypeProtobuf = "application/protobuf"
	contentTypeLLM      = "application/vnd.grafana.llm"
)

type traceByID struct {
	store    *Store
	maxBytes int
}

// answerFormat follows Tempo's MarshalingFormatFromAcceptHeader: the first of protobuf, JSON and the LLM format that the
// Accept header names (as a substring), JSON when it names none.
func answerFormat(r *http.Request) string {
	accept := r.Header.Get("Accept")
	for _, format := range []string{contentTypeProtobuf, contentTypeJSON, contentTypeLLM} {
		if strings.Contains(accept, format) {
			return format
		}
	}
	return contentTypeJSON
}

// read parses and validates the request as Tempo does, then reads the trace; it has answered (400/406) when ok is false.
func (h traceByID) read(w http.ResponseWriter, r *http.Request) (read *TraceRead, format string, ok bool) {
	id, err := parseTraceID(r.PathValue("id"))
	if err != nil {
		text(w, http.StatusBadRequest, err.Error())
		return nil, "", false
	}
	if err := validateTraceByIDParams(r); err != nil {
		text(w, http.StatusBadRequest, err.Error())
		return nil, "", false
	}
	format = answerFormat(r)
	if format == contentTypeLLM {
		text(w, http.StatusNotAcceptable, "tempo stand-in: the LLM answer format ("+contentTypeLLM+") is not implemented; ask for application/json or application/protobuf")
		return nil, "", false
	}
	return h.store.ReadTrace(id, h.maxBytes), format, true
}

func (h traceByID) v1(w http.ResponseWriter, r *http.Request) {
	read, format, ok := h.read(w, r)
	if !ok {
		return
	}
	if read == nil {
		w.WriteHeader(http.StatusNotFound) // Tempo's v1 not-found answer has no body at all
		return
	}
	if read.Partial {
		// v1 never returns part of a trace: Tempo's combiner fails with ErrTraceTooLarge (pkg/model/trace/combine.go).
		text(w, http.StatusUnprocessableEntity, fmt.Sprintf("trace exceeds max size (max bytes: %d)", h.maxBytes))
		return
	}
	if format == contentTypeProtobuf {
		// Tempo's tempopb.Trace has the wire layout of OTLP TracesData: field 1, repeated ResourceSpans.
		body, err := proto.Marshal(read.Trace)
		writeBody(w, contentTypeProtobuf, body, err)
		return
	}
	batches := make([]json.RawMessage, 0, len(read.Trace.ResourceSpans))
	for _, rs := range read.Trace.ResourceSpans {
		b, err := gogoJSON(rs)
		if err != nil {
			text(w, http.StatusInternalServerError, err.Error())
			return
		}
		batches = append(batches, b)
	}
	writeJSON(w, http.StatusOK, struct {
		Batches []json.RawMessage `json:"batches"`
	}{batches})
}

func (h traceByID) v2(w http.ResponseWriter, r *http.Request) {
	read, format, ok := h.read(w, r)
	if !ok {
		return
	}
	if read == nil {
		read = &TraceRead{Trace: &tracepb.TracesData{}} // "not found" is an empty trace, still 200
	}
	var message string
	if read.Partial {
		message = fmt.Sprintf("Trace exceeds maximum size of %d bytes, a partial trace is returned", h.maxBytes)
	}
	if format == contentTypeProtobuf {
		body, err := traceByIDResponseProtobuf(read, message)
		writeBody(w, contentTypeProtobuf, body, err)
		return
	}
	trace, err := gogoJSON(read.Trace)
	if err != nil {
		text(w, http.StatusInternalServerError, err.Error())
		return
	}
	answer := v2Answer{Trace: trace, Metrics: traceByIDMetrics{InspectedBytes: uint64String(read.InspectedBytes)}, Message: message}
	if read.Partial {
		answer.Status = "PARTIAL" // COMPLETE is the enum's zero value, which gogo jsonpb leaves out
	}
	writeJSON(w, http.StatusOK, answer)
}

// v2Answer is tempopb.TraceByIDResponse as JSON, fields in the order of tempo.proto.
type v2Answer struct {
	Trace   json.RawMessage  `json:"trace"`
	Metrics traceByIDMetrics `json:"metrics"`
	Status  string           `json:"status,omitempty"`
	Message string           `json:"message,omitempty"`
}

type traceByIDMetrics struct {
	InspectedBytes uint64String `json:"inspectedBytes,omitempty"`
}

// traceByIDResponseProtobuf encodes tempopb.TraceByIDResponse (pkg/tempopb/tempo.proto): 1 trace, 2 metrics
// {1 inspectedBytes}, 3 status (PartialStatus: COMPLETE 0, PARTIAL 1), 4 message. Trace and metrics are always set.
func traceByIDResponseProtobuf(read *TraceRead, message string) ([]byte, error) {
	trace, err := proto.Marshal(read.Trace)
	if err != nil {
		return nil, err
	}
	var metrics []byte
	if read.InspectedBytes != 0 {
		metrics = protowire.AppendTag(metrics, 1, protowire.VarintType)
		metrics = protowire.AppendVarint(metrics, read.InspectedBytes)
	}
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendBytes(b, trace)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	b = protowire.AppendBytes(b, metrics)
	if read.Partial {
		b = protowire.AppendTag(b, 3, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
		b = protowire.AppendTag(b, 4, protowire.BytesType)
		b = protowire.AppendString(b, message)
	}
	return b, nil
}

// parseTraceID reads a trace id as Tempo does (pkg/util/traceid.go): hex digits of either case, at most 32, left-padded
// with zeros to 16 bytes. It returns 32 lower-case hex digits.
func parseTraceID(id string) (string, error) {
	for i, c := range id {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return "", fmt.Errorf("trace IDs can only contain hex characters: invalid character '%c' at position %d", c, i+1)
		}
	}
	if len(id) > 32 {
		return "", fmt.Errorf("trace IDs can't be larger than 128 bits")
	}
	padded := strings.Repeat("0", 32-len(id)) + strings.ToLower(id)
	if _, err := hex.DecodeString(padded); err != nil {
		return "", err
	}
	return padded, nil
}

// validateTraceByIDParams checks the query parameters Tempo checks on trace by id (pkg/api/http.go,
// ValidateAndSanitizeRequest): mode, and start/end in unix seconds with end after start. The stand-in holds recent
// traces only, so the values are checked and then not used.
func validateTraceByIDParams(r *http.Request) error {
	q := r.URL.Query()
	switch mode := q.Get("mode"); mode {
	case "", "all", "ingesters", "blocks", "external":
	default:
		return fmt.Errorf("invalid value for mode %s", mode)
	}
	if q.Get("mode") == "ingesters" {
		return nil // Tempo checks nothing more for a query of the ingesters only
	}
	var start, end int64
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"start", &start}, {"end", &end}} {
		if raw := q.Get(p.name); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return fmt.Errorf("invalid %s: %w", p.name, err)
			}
			*p.dst = n
		}
	}
	if start != 0 && end != 0 && end <= start {
		return fmt.Errorf("http parameter start must be before end. received start=%d end=%d", start, end)
	}
	return nil
}

func writeBody(w http.ResponseWriter, contentType string, body []byte, err error) {
	if err != nil {
		text(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
