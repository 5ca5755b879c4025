/**
 * Reports a recurring problem (an exporter that cannot reach Tempo, a full span queue) once, then at most once
 * per interval with the number of reports held back, instead of one line per span or batch.
 */
export class RateLimitedWarning {
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly report: (message: string, suppressed: number) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  warn(message: string): void {
    const now = this.now();
    if (now - this.lastReportAt < this.intervalMs) {
      this.suppressed += 1;
      return;
    }
    this.report(message, this.suppressed);
    this.lastReportAt = now;
    this.suppressed = 0;
  }
}
