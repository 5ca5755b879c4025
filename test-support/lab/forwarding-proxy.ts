import { createServer, type IncomingMessage } from 'node:http';

/**
 * A real HTTP server on loopback that forwards every request to `target` and relays the answer, except where the
 * test changes something: `answer` answers a request itself, `headers` adds request headers, `upstreamPath` maps
 * the path (an ingress serving the target under a prefix), `responseHeaders` changes the relayed answer's headers,
 * `holdUntil` holds each request until it settles (a slow network path whose delay ends when the test says). Used
 * to put a real process behind a difference the test needs (a Tempo without the v2 API; a caller that sends a
 * traceparent; a slow link to echo-service).
 */
export interface ForwardingProxy {
  url: string;
  /** `METHOD /path?query` of every request received, in order: also the signal that a request has arrived. */
  requests: string[];
  close(): Promise<void>;
}

export interface OwnAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export interface ForwardingOptions {
  answer?: (path: string) => OwnAnswer | undefined;
  headers?: () => Record<string, string>;
  /** The path to ask the target for; undefined: answer 404 without forwarding. Default: the same path. */
  upstreamPath?: (path: string) => string | undefined;
  responseHeaders?: (headers: Record<string, string>) => Record<string, string>;
  holdUntil?: Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Hop-by-hop and length headers: fetch and the server compute their own.
const NOT_RELAYED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding']);

export async function startForwardingProxy(target: string, options: ForwardingOptions = {}): Promise<ForwardingProxy> {
  const requests: string[] = [];
  // Closing ends requests still held, so no handler outlives the proxy.
  let closed!: (reason: Error) => void;
  const closing = new Promise<never>((_resolve, reject) => (closed = reject));
  closing.catch(() => undefined);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(`${req.method} ${path}`);
    void (async () => {
      const upstreamPath = options.upstreamPath ? options.upstreamPath(path) : path;
      const own = options.answer?.(path) ?? (upstreamPath === undefined ? NOT_FOUND : undefined);
      if (own || upstreamPath === undefined) {
        const { status, body: text, contentType } = own ?? NOT_FOUND;
        res.writeHead(status, { 'content-type': contentType ?? 'text/plain; charset=utf-8' }).end(text);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name, value]) => !NOT_RELAYED.has(name) && typeof value === 'string'),
      ) as Record<string, string>;
      const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
      if (options.holdUntil) await Promise.race([options.holdUntil, closing]);
      const upstreamUrl = new URL(upstreamPath, target);
      const upstream = await fetch(upstreamUrl, { method: req.method, headers: { ...headers, ...options.headers?.() }, body: payload });
      const answer = Buffer.from(await upstream.arrayBuffer());
      let relayed: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!NOT_RELAYED.has(name)) relayed[name] = value;
      });
      if (options.responseHeaders) relayed = options.responseHeaders(relayed);
      res.writeHead(upstream.status, relayed).end(answer);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(`forwarding proxy: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closed(new Error('forwarding proxy closed'));
        server.close(() => resolve());
        server.closeAllConnections(); // kept-alive connections would hold close() open
      }),
  };
}

const NOT_FOUND: OwnAnswer = { status: 404, body: '404 page not found\n' };

/**
 * A Tempo older than the v2 trace API, made from the stand-in: `/api/v2/...` answers 404 `404 page not found` (what
 * an HTTP router says for a route it does not have), everything else reaches the stand-in.
 */
export function startTempoWithoutV2Api(tempoUrl: string): Promise<ForwardingProxy> {
  return startForwardingProxy(tempoUrl, {
    answer: (path) => (path.startsWith('/api/v2/') ? NOT_FOUND : undefined),
  });
}

/** A network path to `target` that holds every request until `release()`: a real delay whose end the test chooses. */
export async function startHeldPath(target: string): Promise<ForwardingProxy & { release(): void }> {
  let release!: () => void;
  const holdUntil = new Promise<void>((resolve) => (release = resolve));
  return { ...(await startForwardingProxy(target, { holdUntil })), release };
}
