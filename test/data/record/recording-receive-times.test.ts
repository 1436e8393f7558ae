// A recorder stamps records from a monotonic clock, so receive times never go back. A file whose
// times do (a record moved, a time edited), or hold no time at all, was altered: reading it is an
// error naming the file and the record, before a paced replay would wait a year on it or event
// time would run backwards. Equal times are fine (two frames in one microsecond).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readRecording, RecordingWriter } from '../../../src/data/record/recording-file.js';
import { tempDir } from '../../support/temp-dir.js';

const HEADER = { venue: 'sim', protocol: 'binance' as const, symbols: ['BTC/USDT'], startedAt: '2026-01-02T03:04:05.000Z', wsUrl: 'ws://127.0.0.1:1/stream' };
const T0 = 1_767_000_000_000_000;

async function recordingWithTimes(times: number[]): Promise<string> {
  const file = path.join(tempDir('tradebot-rec-times-'), 'x.rec');
  const w = new RecordingWriter(file, HEADER);
  for (const t of times) w.appendFrame(Buffer.from('{}'), t);
  await w.close();
  return file;
}

test('non-decreasing times read back, equal ones included', async () => {
  const file = await recordingWithTimes([T0, T0, T0 + 5, T0 + 5e6]);
  assert.equal(readRecording(file).records.map((r) => r.receivedAtUs), [T0, T0, T0 + 5, T0 + 5e6]);
});

test('a time that goes back, or is not a time, is refused naming the file and the record', async () => {
  const back = await recordingWithTimes([T0, T0 + 3.15e13, T0 + 10]);
  assert.throws(() => readRecording(back), (e: Error) => e.message.startsWith(`${back}: record #3 has receive time ${T0 + 10}, before the previous record's`));
  const nan = await recordingWithTimes([T0, NaN]);
  assert.throws(() => readRecording(nan), (e: Error) => e.message.startsWith(`${nan}: record #2 has receive time NaN, not a time`));
});

test.run();
