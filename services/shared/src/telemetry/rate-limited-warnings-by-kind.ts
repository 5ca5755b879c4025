import { RateLimitedWarning } from './rate-limited-warning';

/**
 * What makes two warnings "the same kind": the message with its numbers and hex ids masked, so that
 * `Dropped 12 spans …` and `Dropped 40 spans …` (or one ended span's ids and another's) are one kind.
 */
function warningKind(message: string): string {
  return message.replace(/[0-9a-f]*\d[0-9a-f]*/gi, '#');
}

/**
 * A RateLimitedWarning per kind of message (see `warningKind`): a recurring warning is held back without
 * swallowing a different one that arrives meanwhile. Messages the code has never seen could make kinds without
 * end, so past `maxKinds` every new kind shares one limiter.
 */
export class RateLimitedWarningsByKind {
  private readonly byKind = new Map<string, RateLimitedWarning>();
  private readonly otherKinds: RateLimitedWarning;

  constructor(
    private readonly report: (message: string, suppressed: number) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKinds = 100,
  ) {
    this.otherKinds = new RateLimitedWarning(report, intervalMs, now);
  }

  warn(message: string): void {
    this.limiterFor(warningKind(message)).warn(message);
  }

  private limiterFor(kind: string): RateLimitedWarning {
    let limiter = this.byKind.get(kind);
    if (limiter === undefined) {
      if (this.byKind.size >= this.maxKinds) return this.otherKinds;
      limiter = new RateLimitedWarning(this.report, this.intervalMs, this.now);
      this.byKind.set(kind, limiter);
    }
    return limiter;
  }
}
