import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { OwnAnswer } from './forwarding-proxy';

/**
 * Peers that misbehave, for fault tests, each a real server on loopback and named as what it stands in for where
 * the real peer cannot be made to misbehave: one that accepts connections and never answers (a hanging
 * echo-service or Tempo), and one that answers every request with the same bad answer (an HTML page where JSON
 * belongs, a status the caller does not expect).
 */
export interface PeerServer {
  url: string;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<PeerServer> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers every request with `answer`, after reading its body. */
export async function startAnsweringServer(answer: OwnAnswer): Promise<PeerServer> {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain; charset=utf-8' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
