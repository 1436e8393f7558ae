/**
 * Binance's user-data stream for the simulated exchange's one account: listen keys made by
 * `POST /api/v3/userDataStream`, kept alive by PUT, closed by DELETE, and the websockets on
 * `/ws/<listenKey>` that receive the account's events as bare JSON objects (no combined-stream
 * envelope: that is how Binance sends a listen key's stream).
 *
 * Keys do not expire on their own here (Binance drops a key not kept alive for 60 minutes):
 * a session is shorter than that, and a client that keeps its key alive behaves the same either way.
 */

import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_LENGTH = 60;

export class BinanceSimUserStreams {
  private readonly keys = new Map<string, Set<WebSocket>>();
  /** Websockets ever attached to a listen key. */
  connections = 0;

  /** A new listen key (60 alphanumerics, as Binance's). */
  create(): string {
    let key = '';
    // 62 letters: bytes >= 248 would bias the draw, so they are skipped.
    while (key.length < KEY_LENGTH) {
      for (const b of randomBytes(KEY_LENGTH)) if (b < 248 && key.length < KEY_LENGTH) key += KEY_ALPHABET[b % 62];
    }
    this.keys.set(key, new Set());
    return key;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Forget `key` and close its sockets; false when there was no such key. */
  remove(key: string): boolean {
    const sockets = this.keys.get(key);
    if (sockets === undefined) return false;
    this.keys.delete(key);
    for (const ws of sockets) ws.close(1000, 'listenKey deleted');
    return true;
  }

  /** Attach a websocket to `key`'s stream; false (and the socket closed 1008) for an unknown key. */
  attach(key: string, ws: WebSocket): boolean {
    const sockets = this.keys.get(key);
    if (sockets === undefined) {
      ws.close(1008, 'unknown listenKey');
      return false;
    }
    sockets.add(ws);
    this.connections++;
    const detach = (): void => { sockets.delete(ws); };
    ws.on('close', detach);
    ws.on('error', detach);
    // Nothing is read from a user-data stream; pings are answered by ws itself.
    return true;
  }

  /** Send one event to every socket of every key (the exchange has one account). */
  publish(frame: string): void {
    for (const sockets of this.keys.values()) for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  }

  /** Fault: terminate every socket; the keys stay valid (a client may reconnect with them). */
  dropSockets(): void {
    for (const sockets of this.keys.values()) for (const ws of sockets) ws.terminate();
  }

  closeAll(): void {
    for (const sockets of this.keys.values()) for (const ws of sockets) ws.terminate();
    this.keys.clear();
  }
}
