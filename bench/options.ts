/** How long and how hard `make bench` drives the services. */
export interface BenchOptions {
  /** Rounds of A B C, interleaved so that machine drift cancels. */
  rounds: number;
  /** Connections for the warm-up and the saturation run. */
  connections: number;
  warmupSec: number;
  /** The light run: one connection, one request at a time, so latency has no queueing in it. */
  lightSec: number;
  /** The sustained run: a fixed rate, well below saturation. */
  sustainedRate: number;
  sustainedSec: number;
  sustainedConnections: number;
  saturationSec: number;
  /** Requests traced one by one to count the spans a request produces. */
  tracedRequests: number;
}

export const FULL_RUN: BenchOptions = {
  rounds: 3,
  connections: 16,
  warmupSec: 3,
  lightSec: 10,
  sustainedRate: 500,
  sustainedSec: 30,
  sustainedConnections: 10,
  saturationSec: 15,
  tracedRequests: 9,
};

/** A few seconds per configuration: checks that the harness works, not what it measures. */
export const SMOKE_RUN: BenchOptions = {
  rounds: 1,
  connections: 4,
  warmupSec: 1,
  lightSec: 1,
  sustainedRate: 50,
  sustainedSec: 1,
  sustainedConnections: 2,
  saturationSec: 1,
  tracedRequests: 3,
};
