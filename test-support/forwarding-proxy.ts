import { createServer, type IncomingMessage } from 'node:http';

/**
 * A real HTTP server on loopback that forwards every request to `target` and relays the answer, except where the
 * test changes something: `answer` answers a request itself, `headers` adds request headers. Used to put a real
 * process behind a difference the test needs (a Tempo without the v2 API; a caller that sends a traceparent).
 */
export interface ForwardingProxy {
  url: string;
  /** `METHOD /path?query` of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface ForwardingOptions {
  answer?: (path: string) => { status: number; body: string } | undefined;
  headers?: () => Record<string, string>;
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
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(`${req.method} ${path}`);
    void (async () => {
      const own = options.answer?.(path);
      if (own) {
        res.writeHead(own.status, { 'content-type': 'text/plain; charset=utf-8' }).end(own.body);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name, value]) => !NOT_RELAYED.has(name) && typeof value === 'string'),
      ) as Record<string, string>;
      const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
      const upstream = await fetch(new URL(path, target), { method: req.method, headers: { ...headers, ...options.headers?.() }, body: payload });
      const answer = Buffer.from(await upstream.arrayBuffer());
      const relayed: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!NOT_RELAYED.has(name)) relayed[name] = value;
      });
      res.writeHead(upstream.status, relayed).end(answer);
    })().catch((err: unknown) => res.writeHead(502).end(`forwarding proxy: ${String(err)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // kept-alive connections would hold close() open
      }),
  };
}

/**
 * A Tempo older than the v2 trace API, made from the stand-in: `/api/v2/...` answers 404 `404 page not found` (what
 * an HTTP router says for a route it does not have), everything else reaches the stand-in.
 */
export function startTempoWithoutV2Api(tempoUrl: string): Promise<ForwardingProxy> {
  return startForwardingProxy(tempoUrl, {
    answer: (path) => (path.startsWith('/api/v2/') ? { status: 404, body: '404 page not found\n' } : undefined),
  });
}
