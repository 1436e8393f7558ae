// The same seed and start give the same Alpaca messages, whatever the pacing did: two runs of the
// simulated stream, each read by its own client, agree message for message (and frame for frame)
// from the first message both saw; another seed gives another stream.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlpacaSimExchange } from '../../../src/data/sim-exchange/alpaca-sim-exchange.js';

/** Tuesday 2024-03-05, 1 s before a minute boundary, so the runs include minute bars. */
const START_US = Date.UTC(2024, 2, 5, 15, 44, 59) * 1000;

async function run(seed: number): Promise<{ frames: string[]; messages: string[] }> {
  const ex = new AlpacaSimExchange({ symbols: ['AAPL', 'NVDA', 'SPY'], annualVol: 0.3, seed, eventsPerSecond: 3000, startEpochUs: START_US });
  const { wsUrl } = await ex.start();
  const ws = new WebSocket(`${wsUrl}/v2/iex`);
  const frames: string[] = [];
  ws.on('message', (m) => {
    const text = m.toString();
    if (text === '[{"T":"success","msg":"connected"}]') ws.send('{"action":"auth","key":"k","secret":"s"}');
    else if (text === '[{"T":"success","msg":"authenticated"}]') ws.send('{"action":"subscribe","trades":["*"],"quotes":["*"],"bars":["*"]}');
    else if (!text.startsWith('[{"T":"subscription"')) frames.push(text);
  });
  try {
    await sleep(1800);
  } finally {
    ws.terminate();
    await ex.stop();
  }
  // Re-serialised one by one: the message stream, independent of how it was cut into frames.
  return { frames, messages: frames.flatMap((f) => (JSON.parse(f) as unknown[]).map((m) => JSON.stringify(m))) };
}

function alignedOverlap(a: string[], b: string[]): { a: string[]; b: string[] } {
  const first = b.indexOf(a.find((x) => b.includes(x))!);
  const from = a.indexOf(b[first]);
  const n = Math.min(a.length - from, b.length - first);
  return { a: a.slice(from, from + n), b: b.slice(first, first + n) };
}

test('same seed and start: the same messages in the same frames; another seed differs', async () => {
  const one = await run(17);
  const two = await run(17);
  const messages = alignedOverlap(one.messages, two.messages);
  assert.ok(messages.a.length > 2000, `overlap ${messages.a.length} messages`);
  assert.equal(messages.a, messages.b);
  assert.ok(messages.a.some((m) => m.startsWith('{"T":"b"')), 'minute bars included');
  // Frames are cut on the virtual clock: after each client's first (partial) frame they agree too.
  const frames = alignedOverlap(one.frames.slice(1), two.frames.slice(1));
  assert.ok(frames.a.length > 100, `overlap ${frames.a.length} frames`);
  assert.equal(frames.a, frames.b);

  const other = await run(18);
  assert.not.ok(other.messages.slice(0, 50).some((m) => one.messages.includes(m)), 'a different seed shares no message');
});

test.run();
