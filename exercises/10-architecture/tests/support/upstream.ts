// The slow upstream service the program's GET /report calls. It is a real HTTP server
// in the test's own process that answers only when the test says so: that is how a
// test keeps a request in flight, without sleeping, for as long as it needs.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  url: string;
  /** Resolves when the first request has arrived (the program's request is then in flight). */
  arrived: Promise<void>;
  /** Answers every request held so far with `text`. */
  release: (text: string) => void;
  close: () => Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const held: ServerResponse[] = [];
  let signalArrival: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (signalArrival = resolve));
  const server = createServer((_req, res) => {
    held.push(res);
    signalArrival();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/numbers`,
    arrived,
    release: (text) => {
      for (const res of held.splice(0)) res.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' }).end(text);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
