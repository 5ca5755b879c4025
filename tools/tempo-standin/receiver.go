package main

import (
	"context"

	collectortracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // accept OTEL_EXPORTER_OTLP_COMPRESSION=gzip, as Tempo does
)

// receiver implements the OTLP/gRPC TraceService, the same service Tempo's OTLP receiver serves on 4317.
type receiver struct {
	collectortracepb.UnimplementedTraceServiceServer
	store *Store
}

func (r *receiver) Export(_ context.Context, req *collectortracepb.ExportTraceServiceRequest) (*collectortracepb.ExportTraceServiceResponse, error) {
	r.store.Add(req.GetResourceSpans())
	return &collectortracepb.ExportTraceServiceResponse{}, nil
}

// newGRPCServer returns a gRPC server with the OTLP trace receiver registered.
func newGRPCServer(store *Store) *grpc.Server {
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(16 << 20))
	collectortracepb.RegisterTraceServiceServer(srv, &receiver{store: store})
	return srv
}
