/**
 * Alpaca's trading stream for the simulated exchange's one account: websockets on `/stream` (the
 * venue's is wss://paper-api.alpaca.markets/stream) that authenticate with the account's keys,
 * listen to `trade_updates`, and then receive every change of the account's orders.
 *
 * Protocol, as the venue speaks it:
 *   -> {"action":"auth","key":"..","secret":".."}
 *      (or the older {"action":"authenticate","data":{"key_id":"..","secret_key":".."}})
 *   <- {"stream":"authorization","data":{"action":"authenticate","status":"authorized"}}
 *      or ..."status":"unauthorized"}} and the socket is closed
 *   -> {"action":"listen","data":{"streams":["trade_updates"]}}
 *   <- {"stream":"listening","data":{"streams":["trade_updates"]}}
 *   <- {"stream":"trade_updates","data":{"event":"new",...}} ...
 * Every server message goes out as a binary frame holding the JSON text, as Alpaca sends them.
 * A `listen` before authorization is answered unauthorized and closes the socket; a message that
 * is not JSON or has an unknown action gets {"stream":"error","data":{"error":".."}} and the
 * socket stays open. Only authorized sockets that listen to trade_updates receive updates.
 */

import type { WebSocket, RawData } from 'ws';
import { sameText, type AlpacaSimAccount } from './alpaca-sim-order-request.js';

const STREAMS = new Set(['trade_updates']);

interface StreamSocket {
  ws: WebSocket;
  authorized: boolean;
  listening: boolean;
}

const authorization = (status: 'authorized' | 'unauthorized'): string =>
  JSON.stringify({ stream: 'authorization', data: { action: 'authenticate', status } });

export class AlpacaSimTradeUpdates {
  private readonly sockets = new Set<StreamSocket>();
  /** Websockets ever accepted on `/stream`. */
  connections = 0;

  constructor(private readonly account: AlpacaSimAccount | null) {}

  accept(ws: WebSocket): void {
    const socket: StreamSocket = { ws, authorized: false, listening: false };
    this.sockets.add(socket);
    this.connections++;
    const gone = (): void => { this.sockets.delete(socket); };
    ws.on('close', gone);
    ws.on('error', gone);
    ws.on('message', (raw) => this.control(socket, rawText(raw)));
  }

  /** Send one trade update (its JSON text) to every authorized socket listening to trade_updates. */
  publish(text: string): number {
    let sent = 0;
    for (const s of this.sockets) {
      if (!s.listening || s.ws.readyState !== s.ws.OPEN) continue;
      s.ws.send(Buffer.from(text));
      sent++;
    }
    return sent;
  }

  /** Fault: terminate every trading-stream socket (updates sent meanwhile reach no one). */
  dropSockets(): void {
    for (const s of this.sockets) s.ws.terminate();
  }

  closeAll(): void {
    this.dropSockets();
    this.sockets.clear();
  }

  private control(socket: StreamSocket, text: string): void {
    let msg: { action?: unknown; key?: unknown; secret?: unknown; data?: { key_id?: unknown; secret_key?: unknown; streams?: unknown } };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      this.send(socket, { stream: 'error', data: { error: 'invalid syntax' } });
      return;
    }
    if (typeof msg !== 'object' || msg === null) {
      this.send(socket, { stream: 'error', data: { error: 'invalid syntax' } });
      return;
    }
    if (msg.action === 'auth' || msg.action === 'authenticate') {
      const key = msg.action === 'auth' ? msg.key : msg.data?.key_id;
      const secret = msg.action === 'auth' ? msg.secret : msg.data?.secret_key;
      const ok = this.account !== null && typeof key === 'string' && typeof secret === 'string'
        && sameText(key, this.account.apiKey) && sameText(secret, this.account.secret);
      this.reply(socket, authorization(ok ? 'authorized' : 'unauthorized'));
      if (ok) socket.authorized = true;
      else this.refuse(socket);
      return;
    }
    if (msg.action === 'listen') {
      if (!socket.authorized) {
        this.reply(socket, authorization('unauthorized'));
        this.refuse(socket);
        return;
      }
      const asked = Array.isArray(msg.data?.streams) ? msg.data.streams : [];
      const streams = asked.filter((s): s is string => typeof s === 'string' && STREAMS.has(s));
      socket.listening = streams.includes('trade_updates');
      this.send(socket, { stream: 'listening', data: { streams } });
      return;
    }
    this.send(socket, { stream: 'error', data: { error: `unknown action: ${String(msg.action)}` } });
  }

  private refuse(socket: StreamSocket): void {
    socket.authorized = false;
    socket.listening = false;
    socket.ws.close(1008, 'unauthorized');
  }

  private send(socket: StreamSocket, message: unknown): void {
    this.reply(socket, JSON.stringify(message));
  }

  private reply(socket: StreamSocket, text: string): void {
    if (socket.ws.readyState === socket.ws.OPEN) socket.ws.send(Buffer.from(text));
  }
}

/** A client frame as text, however `ws` delivered it. */
function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
