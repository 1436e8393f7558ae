// The ring's hot methods, record accessors and seqlock (including reads that give up) allocate
// nothing: 0 GCs over 10M calls. Run under `node --max-semi-space-size=1` (the test script does)
// so that even a few bytes per call would trigger hundreds of scavenges. Each check runs in a
// fresh isolate (the bodies are in allocation-probes.ts): in a process that has already run
// hundreds of other tests, V8 can leave a call here uninlined long enough to box a double.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { countGcsInFreshIsolate } from '../support/fresh-isolate-gc.js';

const CALLS = 10_000_000;
const PROBES = new URL('./allocation-probes.js', import.meta.url).href;

async function assertNoGcInFreshIsolate(probe: string): Promise<void> {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1 (npm test does)');
  const report = await countGcsInFreshIsolate(PROBES, probe, CALLS);
  assert.is(report.after, null, `${probe}: ${report.after}`);
  assert.is(report.gcCount, 0, `${probe}: GCs ${JSON.stringify(report.byType)}`);
}

test('control: the checker sees allocation (an array per call)', async () => {
  const report = await countGcsInFreshIsolate(PROBES, 'allocatingControl', CALLS);
  assert.is(report.after, null);
  assert.ok(report.gcCount > 0, `an allocating loop showed ${report.gcCount} GCs`);
});

test('ring produce/consume round trip through record accessors: 0 GCs', () => assertNoGcInFreshIsolate('ringRoundTrip'));
test('ring across the int32 sequence wrap: 0 GCs', () => assertNoGcInFreshIsolate('ringSequenceWrap'));
test('seqlock write and read: 0 GCs', () => assertNoGcInFreshIsolate('seqlockWriteRead'));
test('seqlock bounded read giving up on a dead writer: 0 GCs', () => assertNoGcInFreshIsolate('seqlockReadGivingUp'));
test('seqlock read refused after the version was repaired: 0 GCs', () => assertNoGcInFreshIsolate('seqlockReadRefused'));
test('SeqlockReader refresh after every write: 0 GCs', () => assertNoGcInFreshIsolate('seqlockReaderRefresh'));

test.run();
