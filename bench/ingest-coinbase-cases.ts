/**
 * The Coinbase Exchange cases of the ingest benchmark: CoinbaseExchangeParser.parseFrame on the
 * capture's `l2update` frames, and the JSON.parse floor on the same frames.
 *
 * Our parser applies each l2update to its product's L2Book and refuses one for a product without a
 * snapshot, so every pass first resets the connection state and feeds the capture's 10 snapshots
 * (untimed), then times all l2updates in file order as one interval (an out-of-order replay could
 * leave a book crossed, after which updates would be refused cheaply instead of applied). The pass
 * checks that every l2update was accepted, so a refusal cannot make the figure look good.
 *
 * Our parser JSON.parses too (Coinbase is not the latency-critical venue, see its header), so the
 * gap to the floor here is the cost of validation, ISO time decoding and the book, not of parsing.
 * ccxt is not measured on Coinbase.
 */

import { CoinbaseExchangeKind, CoinbaseExchangeParser } from '../src/data/venues/coinbase/coinbase-exchange-parser.js';
import { SINK, type IngestCase } from './ingest-case.js';
import type { CoinbaseFrames } from './ingest-frames.js';

interface L2UpdateJson { changes: string[][] }

function replayCase(name: string, impl: IngestCase['impl'], cb: CoinbaseFrames, pass: (c: IngestCase) => number): IngestCase {
  const c: IngestCase = {
    name, family: 'l2update', impl, timing: 'file-order replay', frames: cb.l2updates.length, levelsPerMsg: cb.meanChanges,
    includesJsonParse: true, msgsPerPass: cb.l2updates.length, intervalsPerPass: 1, problem: null, pass: () => pass(c),
  };
  return c;
}

export function oursL2Update(cb: CoinbaseFrames): IngestCase {
  const parser = new CoinbaseExchangeParser(cb.symbols);
  const { snapshots, l2updates } = cb;
  const n = l2updates.length;
  return replayCase('coinbase-l2update', 'ours', cb, (c) => {
    parser.resetConnection();
    for (const s of snapshots) {
      if (parser.parseFrame(s) !== CoinbaseExchangeKind.Snapshot) c.problem = 'a snapshot was refused';
    }
    let accepted = 0;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      if (parser.parseFrame(l2updates[i]) === CoinbaseExchangeKind.L2Update) accepted++;
    }
    const ms = performance.now() - start;
    if (accepted !== n) c.problem = `${n - accepted} of ${n} l2updates refused`;
    return ms;
  });
}

export function jsonL2Update(cb: CoinbaseFrames): IngestCase {
  const { l2updates } = cb;
  const n = l2updates.length;
  return replayCase('json-parse-l2update', 'json', cb, () => {
    let sum = 0;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const changes = (JSON.parse(l2updates[i].toString()) as L2UpdateJson).changes;
      for (let k = 0; k < changes.length; k++) {
        const change = changes[k];
        sum += Number(change[1]) + Number(change[2]) + (change[0] === 'buy' ? 1 : 0);
      }
    }
    const ms = performance.now() - start;
    SINK[0] += sum;
    return ms;
  });
}
