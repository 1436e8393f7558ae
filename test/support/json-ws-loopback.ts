// A loopback stand-in for a venue's JSON websocket: a real `ws` server on 127.0.0.1 that records
// every client frame (parsed) and lets each test script its answers to them.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface JsonLoopback<M> {
  url: string;
  /** Every frame clients sent, in order, parsed. */
  received: M[];
  connections: WebSocket[];
  close(): Promise<void>;
}

/** `answer(ws, message, connectionNumber)` runs for each client frame (connections count from 1). */
export async function jsonLoopback<M>(answer: (ws: WebSocket, message: M, connection: number) => void): Promise<JsonLoopback<M>> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const lb: JsonLoopback<M> = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received: [],
    connections: [],
    close: async () => {
      for (const ws of lb.connections) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (ws) => {
    lb.connections.push(ws);
    const n = lb.connections.length;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as M;
      lb.received.push(message);
      answer(ws, message, n);
    });
  });
  return lb;
}
