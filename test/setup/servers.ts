/**
 * Package indexes on the loopback for the set-up tests: one that accepts connections and never answers
 * (a stalled index), one that answers like a PEP 503 simple index holding only `jupyterlab`, and a port
 * where nothing listens.
 */
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

/** A running test server and what it saw. */
export interface TestIndex {
  /** The index URL, e.g. `http://127.0.0.1:40123/simple`. */
  url: string;
  /** TCP connections accepted. */
  connections: () => number;
  /** Requests answered: path and User-Agent (the stalled index answers none). */
  requests: Array<{ path: string; userAgent: string }>;
  close: () => Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolvePromise) => server.listen(0, "127.0.0.1", () => resolvePromise((server.address() as AddressInfo).port)));
}

function tracked(server: Server): { count: () => number; close: () => Promise<void> } {
  const sockets = new Set<Socket>();
  let count = 0;
  server.on("connection", (socket: Socket) => {
    count++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return {
    count: () => count,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolvePromise());
      }),
  };
}

/** An index that accepts every connection and never sends a byte. */
export async function stalledIndex(): Promise<TestIndex> {
  const server = createServer(() => {
    // Accept and stay silent: the client must give up on its own timeout.
  });
  const { count, close } = tracked(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/simple`, connections: count, requests: [], close };
}

/** An index that answers at once: `/simple/jupyterlab/` lists one wheel, every other page is a 404. */
export async function answeringIndex(): Promise<TestIndex> {
  const requests: TestIndex["requests"] = [];
  const server = createHttpServer((request: IncomingMessage, response) => {
    requests.push({ path: request.url ?? "", userAgent: String(request.headers["user-agent"] ?? "") });
    if (request.url === "/simple/jupyterlab/") {
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end(
        '<!DOCTYPE html><html><body><a href="/files/jupyterlab-4.0.0-py3-none-any.whl">jupyterlab-4.0.0-py3-none-any.whl</a></body></html>',
      );
      return;
    }
    response.writeHead(404);
    response.end("not found");
  });
  const { count, close } = tracked(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/simple`, connections: count, requests, close };
}

/** A loopback URL where nothing listens (the port was just freed), so connecting is refused at once. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  return `http://127.0.0.1:${port}/simple`;
}
