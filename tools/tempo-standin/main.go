// Command tempo-standin is a Tempo STAND-IN for tests and `make demo`, not Tempo.
//
// Grafana Tempo is AGPL-licensed and kept out of this project's dependencies (its Go module is also refused by the
// module proxy here), so the end-to-end suite runs against this program instead; in a cluster the chart runs the real
// Tempo. It does two things, both on loopback by default:
//   - receives real OTLP/gRPC trace exports (opentelemetry.proto.collector.trace.v1.TraceService/Export), as
//     Tempo's OTLP receiver does on 4317 (the chart configures it as 0.0.0.0:4317);
//   - serves the part of Tempo's HTTP API (3200 in the chart) that Grafana and trace-check use, answering as Tempo
//     2.10.8 does: /ready, /api/echo, /api/traces/<id>, /api/v2/traces/<id>, /api/search?tags=...&limit&start&end.
//
// Traces live in memory only (a restart forgets them). GET /standin/stats ({"spans","traces","exportRequests"})
// exists only in the stand-in, for counting what was received.
//
// On start it prints one JSON line to stdout with the bound addresses, e.g.
// {"msg":"listening","grpc":"127.0.0.1:4317","http":"127.0.0.1:3200"}; port 0 picks a free port.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"
)

func main() {
	grpcAddr := flag.String("grpc-listen", "127.0.0.1:4317", "OTLP/gRPC receiver address (the chart's Tempo uses 0.0.0.0:4317)")
	httpAddr := flag.String("http-listen", "127.0.0.1:3200", "Tempo HTTP API address")
	var opts Options
	flag.IntVar(&opts.MaxTraces, "max-traces", 50000, "traces kept in memory; the oldest is dropped beyond this")
	flag.IntVar(&opts.MaxBytesPerTrace, "max-bytes-per-trace", defaultMaxBytesPerTrace,
		"largest trace (protobuf bytes) returned whole, as Tempo's max_bytes_per_trace; 0 = no limit")
	flag.Parse()
	if opts.MaxTraces < 1 {
		fmt.Fprintln(os.Stderr, "tempo-standin: -max-traces must be at least 1")
		os.Exit(2)
	}
	if opts.MaxBytesPerTrace < 0 {
		fmt.Fprintln(os.Stderr, "tempo-standin: -max-bytes-per-trace must be 0 (no limit) or more")
		os.Exit(2)
	}
	if err := run(*grpcAddr, *httpAddr, opts); err != nil {
		fmt.Fprintln(os.Stderr, "tempo-standin:", err)
		os.Exit(1)
	}
}

// Options are the stand-in's limits.
type Options struct {
	MaxTraces        int // traces kept in memory
	MaxBytesPerTrace int // Tempo's max_bytes_per_trace, applied when a trace is read; 0 = no limit
}

// defaultMaxBytesPerTrace is Tempo's default for max_bytes_per_trace (modules/overrides/config.go: 50e5).
const defaultMaxBytesPerTrace = 5_000_000

func run(grpcAddr, httpAddr string, opts Options) error {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	srv, err := Listen(grpcAddr, httpAddr, opts)
	if err != nil {
		return err
	}
	line, _ := json.Marshal(map[string]string{"msg": "listening", "grpc": srv.GRPCAddr, "http": srv.HTTPAddr})
	fmt.Println(string(line))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	select {
	case <-ctx.Done():
		log.Info("shutting down", "stats", srv.Store.Stats())
	case err := <-errc:
		srv.Close()
		return err
	}
	srv.Close()
	return nil
}

// Server is the stand-in with its two listeners bound.
type Server struct {
	Store    *Store
	GRPCAddr string
	HTTPAddr string
	grpcLn   net.Listener
	httpLn   net.Listener
	http     *http.Server
	grpc     *grpc.Server
}

// Listen binds both addresses (port 0 = a free port) without serving yet.
func Listen(grpcAddr, httpAddr string, opts Options) (*Server, error) {
	grpcLn, err := net.Listen("tcp", grpcAddr)
	if err != nil {
		return nil, fmt.Errorf("OTLP/gRPC listen on %s: %w", grpcAddr, err)
	}
	httpLn, err := net.Listen("tcp", httpAddr)
	if err != nil {
		grpcLn.Close()
		return nil, fmt.Errorf("HTTP API listen on %s: %w", httpAddr, err)
	}
	store := NewStore(opts.MaxTraces)
	return &Server{
		Store:    store,
		GRPCAddr: grpcLn.Addr().String(),
		HTTPAddr: httpLn.Addr().String(),
		grpcLn:   grpcLn,
		httpLn:   httpLn,
		http:     &http.Server{Handler: newAPI(store, opts.MaxBytesPerTrace), ReadHeaderTimeout: 10 * time.Second},
		grpc:     newGRPCServer(store),
	}, nil
}

// Serve runs both servers until Close; it returns the first error that is not a normal close.
func (s *Server) Serve() error {
	errc := make(chan error, 2)
	go func() { errc <- s.grpc.Serve(s.grpcLn) }()
	go func() {
		if err := s.http.Serve(s.httpLn); !errors.Is(err, http.ErrServerClosed) {
			errc <- err
			return
		}
		errc <- nil
	}()
	return <-errc
}

// Close stops both servers immediately (in-flight exports are cut, as when Tempo is killed).
func (s *Server) Close() {
	s.grpc.Stop()
	_ = s.http.Close()
}
