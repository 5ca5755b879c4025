import { ECHO_CALL_ERROR_CODES, ROUTES } from '@tracing-lab/contract';
import { HttpError } from '@tracing-lab/shared';

/**
 * Calls echo-service `POST /echo` with Node's fetch (traced by the undici instrumentation, which also injects
 * the `traceparent` header). Failures become the errors log-service answers with: 504 when echo-service is
 * slower than the timeout, 502 when it is unreachable or answers badly.
 */
export class EchoClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async echo(message: string): Promise<unknown> {
    // A timer cleared when the call ends rather than AbortSignal.timeout, whose timer lives for the whole timeout
    // and holds the request's async context (its spans) with it: under load, thousands of live timers that V8
    // promotes to the old generation and collects there (docs/benchmarks.md).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${this.timeoutMs} ms`, 'TimeoutError')), this.timeoutMs);
    try {
      return await this.call(message, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private async call(message: string, signal: AbortSignal): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(ROUTES.echo, this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message }),
        // echo-service never redirects; 'error' also spares fetch a copy of the request body for following one.
        redirect: 'error',
        signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new HttpError(504, ECHO_CALL_ERROR_CODES.timeout, `echo-service did not answer within ${this.timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new HttpError(502, ECHO_CALL_ERROR_CODES.unreachable, `echo-service at ${this.baseUrl} is unreachable (${cause})`);
    }
    if (!response.ok) {
      throw new HttpError(502, ECHO_CALL_ERROR_CODES.failed, `echo-service answered ${response.status}`);
    }
    try {
      return await response.json();
    } catch {
      throw new HttpError(502, ECHO_CALL_ERROR_CODES.failed, 'echo-service answered with a body that is not JSON');
    }
  }
}
