package main

import (
	"encoding/json"
	"net/http"
)

// newAPI serves the part of Tempo's HTTP API (port 3200 in the chart) that Grafana and trace-check use, answering as
// Tempo 2.10.8 does (see trace_by_id.go and search.go). Everything under /standin/ exists only in the stand-in.
func newAPI(store *Store, maxBytesPerTrace int) http.Handler {
	traces := traceByID{store: store, maxBytes: maxBytesPerTrace}
	mux := http.NewServeMux()
	// Tempo answers both with http.Error(w, "ready"/"echo", 200): text/plain, a trailing newline.
	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "ready", http.StatusOK) })
	mux.HandleFunc("GET /api/echo", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "echo", http.StatusOK) })
	mux.HandleFunc("GET /api/traces/{id}", traces.v1)
	mux.HandleFunc("GET /api/v2/traces/{id}", traces.v2)
	mux.HandleFunc("GET /api/search", func(w http.ResponseWriter, r *http.Request) { search(store, w, r) })
	mux.HandleFunc("GET /standin/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, store.Stats())
	})
	return mux
}

// traceQLNotImplemented is the answer to any q= search: the stand-in has no TraceQL engine.
const traceQLNotImplemented = "tempo stand-in: TraceQL (q=) is not implemented; search with tags=<logfmt>, e.g. tags=service.name=log-service"

func search(store *Store, w http.ResponseWriter, r *http.Request) {
	req, err := ParseSearchRequest(r.URL.Query())
	if err != nil {
		text(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.TraceQL != "" {
		text(w, http.StatusBadRequest, traceQLNotImplemented)
		return
	}
	traces, metrics := Search(store, req)
	writeJSON(w, http.StatusOK, struct {
		Traces  []TraceSummary `json:"traces"`
		Metrics SearchMetrics  `json:"metrics"`
	}{traces, metrics})
}

// writeJSON writes v compactly, escaping <, > and & inside strings, as gogo jsonpb does.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		text(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// text answers a plain-text body without a trailing newline, as Tempo's frontend writes its error messages.
func text(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
