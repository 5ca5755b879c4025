import { connect, type Socket } from 'node:net';
import { waitFor } from '../timing';

/** One HTTP/1.1 answer as read off the wire. */
export interface WireResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One keep-alive TCP connection on which requests are written back to back (HTTP/1.1 pipelining), the way a
 * client's already-open connection can carry a request to a server that has stopped accepting new ones.
 */
export class PipelinedConnection {
  private received = Buffer.alloc(0);
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received = Buffer.concat([this.received, chunk])));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static open(baseUrl: string): Promise<PipelinedConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new PipelinedConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(method: string, path: string, body?: { contentType: string; text: string }): void {
    const head = [`${method} ${path} HTTP/1.1`, 'host: test', 'connection: keep-alive'];
    if (body) head.push(`content-type: ${body.contentType}`, `content-length: ${Buffer.byteLength(body.text)}`);
    this.socket.write(`${head.join('\r\n')}\r\n\r\n${body?.text ?? ''}`);
  }

  /** Waits until `count` whole answers have arrived (in request order); fails if the connection closes first. */
  responses(count: number): Promise<WireResponse[]> {
    return waitFor(`${count} answers on one connection`, () => {
      const parsed = parseResponses(this.received);
      if (parsed.length >= count) return parsed.slice(0, count);
      if (this.closed) throw new Error(`connection closed after ${parsed.length} of ${count} answers:\n${this.received.toString()}`);
      return undefined;
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Whole answers framed by Content-Length (what the services send), in order. */
function parseResponses(data: Buffer): WireResponse[] {
  const out: WireResponse[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) return out;
    const [statusLine, ...headerLines] = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    if (data.length < headEnd + 4 + length) return out;
    out.push({
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: data.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8'),
    });
    offset = headEnd + 4 + length;
  }
}
