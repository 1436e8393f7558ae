// After JSON.parse, decoding Alpaca data frames allocates nothing: handle() on pre-parsed frames of
// trades, quotes and bars (some refused) runs 0 GCs under --max-semi-space-size=1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../../../src/shm/allocation-check.js';
import { AlpacaStreamProtocol } from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';

test('handle: 0 GCs over 300k pre-parsed frames', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const proto = new AlpacaStreamProtocol({ feed: 'sip', keyId: 'k', secretKey: 's', symbols: ['AAPL', 'AMD', 'SPY'], subscription: {} });
  proto.onOpen();
  proto.onFrame('[{"T":"success","msg":"connected"}]');
  proto.onFrame('[{"T":"success","msg":"authenticated"}]');
  const frames: unknown[] = [];
  for (let k = 0; k < 16; k++) {
    frames.push(JSON.parse(`[{"T":"t","i":${96921 + k},"S":"AAPL","x":"D","p":${126.55 + k * 0.01},"s":${1 + k},"t":"2021-02-22T15:51:44.${200 + k}123456Z","c":["@","I","T","Z"],"z":"C"},`
      + `{"T":"q","S":"AMD","bx":"U","bp":87.66,"bs":1,"ax":"Q","ap":${k % 4 === 0 ? 87.6 : 87.68},"as":4,"t":"2021-02-22T15:51:45.335689322Z","c":["R"],"z":"C"}]`));
    frames.push(JSON.parse(`[{"T":"b","S":"SPY","o":388.985,"h":389.13,"l":388.975,"c":389.12,"v":${49378 + k},"t":"2021-02-22T19:15:00Z","n":${k},"vw":389.01},`
      + '{"T":"s","S":"AAPL","sc":"H"},{"T":"t","S":"NOPE","p":1,"s":1,"t":"2021-02-22T19:15:00Z"}]'));
  }
  const report = countGcs((i) => { proto.handle(frames[i % frames.length]); }, 300_000);
  assert.ok(proto.counts[3] > 0 && proto.counts[4] > 0 && proto.counts[5] > 0);
  assert.ok(proto.decoder.rejects[0] > 0 && proto.decoder.rejects[4] > 0, 'unknown symbol and crossed quotes refused');
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
