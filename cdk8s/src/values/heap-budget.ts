/**
 * The services' V8 heap budget, derived from the container's memory limit and rendered as NODE_OPTIONS.
 *
 * Without it V8 sizes its heap from the machine and, under load, lets the young generation grow to 2 × 64 MiB and
 * the old generation fill with garbage: far more than the live set (docs/benchmarks.md, findings). The budget fits
 * the container even with the heap full:
 *
 *   heap = limit − RESERVED_MIB                               (what is left for V8's heap)
 *   --max-semi-space-size = the largest of SEMI_SPACE_MIB that leaves the old generation OLD_PER_SEMI × its size
 *   --max-old-space-size  = heap − 3 × semi-space             (the young generation takes 3 semi-spaces at most)
 *
 * The constants are benchmark-justified (docs/benchmarks.md): RESERVED_MIB is the most a service held outside the
 * heap under saturation (log-service); a larger young generation costs less CPU (fewer scavenges, less promoted
 * garbage), but V8 turns scavenges into full collections when the old generation lacks room for a semi-space's
 * promotion (64 MiB semi-spaces under a 147 MiB old space quadrupled log-service's CPU per request), hence
 * OLD_PER_SEMI; and MIN_LIMIT_MIB leaves the old generation at least 96 MiB, over twice the services' live set
 * under saturation.
 *
 * The values model admits no memory limit below MIN_LIMIT_MIB; the named template `lab.nodeOptionsEnv` applies the
 * formula when the chart renders, because the limit is only known then.
 */
export const HEAP_BUDGET = {
  RESERVED_MIB: 112,
  /** Candidates, largest first. */
  SEMI_SPACE_MIB: [64, 32, 16],
  OLD_PER_SEMI: 3,
  MIN_LIMIT_MIB: 256,
} as const;
