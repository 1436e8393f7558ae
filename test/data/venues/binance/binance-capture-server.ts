// A loopback Binance endpoint that plays an hftbacktest capture (`<recv ns> <json>` lines with one
// REST depth snapshot among them) to whoever connects: the frames before the snapshot line, then,
// once the client has asked for a depth snapshot (any REST path, recorded in `restUrls`), the
// capture's snapshot as the answer and the rest of the frames, in the capture's order. A live
// session's market-metadata request (`.../exchangeInfo`, recorded too) is answered 404: the
// capture holds no listing, and the session then starts on its built-in instrument values.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface CaptureServer {
  wsBase: string;
  restBase: string;
  /** Request paths of the websocket connections and of the REST calls, in order. */
  wsUrls: string[];
  restUrls: string[];
  /** Frames in the capture (snapshot excluded). */
  frames: readonly string[];
  close(): void;
}

export async function startCaptureServer(captureText: string): Promise<CaptureServer> {
  const lines = captureText.split('\n').filter((l) => l.length > 0).map((l) => l.slice(l.indexOf(' ') + 1));
  const snapshotAt = lines.findIndex((l) => l.startsWith('{"lastUpdateId"'));
  if (snapshotAt < 0) throw new Error('capture server: the capture holds no REST depth snapshot');
  const wsUrls: string[] = [];
  const restUrls: string[] = [];
  let snapshotRequested: () => void = () => {};
  const snapshotWanted = new Promise<void>((resolve) => { snapshotRequested = resolve; });
  const server = http.createServer((req, res) => {
    restUrls.push(req.url ?? '');
    if ((req.url ?? '').split('?')[0].endsWith('/exchangeInfo')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":-1000,"msg":"Not found."}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(lines[snapshotAt]);
    snapshotRequested();
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', async (ws, req) => {
    wsUrls.push(req.url ?? '');
    for (let i = 0; i < snapshotAt; i++) ws.send(lines[i]);
    await snapshotWanted;
    for (let i = snapshotAt + 1; i < lines.length && ws.readyState === ws.OPEN; i++) ws.send(lines[i]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    wsBase: `ws://127.0.0.1:${port}`, restBase: `http://127.0.0.1:${port}`, wsUrls, restUrls,
    frames: lines.filter((_, i) => i !== snapshotAt),
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close();
    },
  };
}
