package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
)

// newAPI serves the subset of Tempo's HTTP API (port 3200 in the chart) that Grafana and trace-check use, in
// Tempo's JSON shapes: OTLP JSON (protojson: base64 ids, 64-bit integers as strings, enums by name).
// Everything under /standin/ exists only in the stand-in.
func newAPI(store *Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, _ *http.Request) { text(w, http.StatusOK, "ready") })
	mux.HandleFunc("GET /api/echo", func(w http.ResponseWriter, _ *http.Request) { text(w, http.StatusOK, "echo") })
	mux.HandleFunc("GET /api/traces/{id}", func(w http.ResponseWriter, r *http.Request) {
		traceByID(store, w, r, func(trace json.RawMessage) any { return trace })
	})
	mux.HandleFunc("GET /api/v2/traces/{id}", func(w http.ResponseWriter, r *http.Request) {
		traceByID(store, w, r, func(trace json.RawMessage) any {
			return map[string]any{"trace": trace, "metrics": map[string]any{}}
		})
	})
	mux.HandleFunc("GET /api/search", func(w http.ResponseWriter, r *http.Request) { search(store, w, r) })
	mux.HandleFunc("GET /standin/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, store.Stats())
	})
	return mux
}

func traceByID(store *Store, w http.ResponseWriter, r *http.Request, wrap func(json.RawMessage) any) {
	id, err := normalizeTraceID(r.PathValue("id"))
	if err != nil {
		text(w, http.StatusBadRequest, err.Error())
		return
	}
	trace := store.Trace(id)
	if trace == nil {
		text(w, http.StatusNotFound, "trace not found")
		return
	}
	body, err := protojson.Marshal(trace)
	if err != nil {
		text(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, wrap(body))
}

// normalizeTraceID accepts hex of up to 32 digits, any case, and left-pads it to 32 (as Tempo does).
func normalizeTraceID(s string) (string, error) {
	if s == "" || len(s) > 32 {
		return "", fmt.Errorf("invalid trace id %q: expected 1 to 32 hex digits", s)
	}
	s = strings.ToLower(strings.Repeat("0", 32-len(s)) + s)
	if _, err := hex.DecodeString(s); err != nil {
		return "", fmt.Errorf("invalid trace id %q: expected 1 to 32 hex digits", s)
	}
	return s, nil
}

func search(store *Store, w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("q") != "" {
		text(w, http.StatusBadRequest, "tempo stand-in: TraceQL (q=) is not supported; use tags=key=value")
		return
	}
	tags, err := ParseTags(q.Get("tags"))
	if err != nil {
		text(w, http.StatusBadRequest, err.Error())
		return
	}
	req := SearchRequest{Tags: tags, Limit: 20}
	for name, dst := range map[string]any{"limit": &req.Limit, "start": &req.Start, "end": &req.End} {
		raw := q.Get(name)
		if raw == "" {
			continue
		}
		n, err := strconv.ParseUint(raw, 10, 63)
		if err != nil {
			text(w, http.StatusBadRequest, fmt.Sprintf("invalid %s %q: expected a non-negative integer", name, raw))
			return
		}
		switch p := dst.(type) {
		case *int:
			*p = int(n)
		case *uint64:
			*p = n
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"traces": Search(store, req), "metrics": map[string]any{}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func text(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintln(w, body)
}
