// Hostile and broken Alpaca frames: refused with a counted reason (frame-level or per message),
// nothing throws, the state machine is untouched by garbage, and no NaN reaches an output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ALPACA_DATA_REJECT_REASONS, AlpacaDataReject } from '../../../../src/data/venues/alpaca/alpaca-message-decoder.js';
import {
  ALPACA_FRAME_REJECT_REASONS, AlpacaAction, AlpacaFrameReject, AlpacaState, AlpacaStreamProtocol,
} from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';

const make = (): AlpacaStreamProtocol => {
  const p = new AlpacaStreamProtocol({ feed: 'iex', keyId: 'k', secretKey: 's', symbols: ['AAPL'], subscription: { trades: ['AAPL'] } });
  p.onOpen();
  return p;
};
const T = '"t":"2021-02-22T15:51:44.208Z"';

const FRAME_CASES: Array<[string, unknown, number]> = [
  ['truncated', '[{"T":"t"', AlpacaFrameReject.MalformedJson],
  ['number', 7, AlpacaFrameReject.MalformedJson],
  ['an object, not an array', '{"T":"success","msg":"connected"}', AlpacaFrameReject.NotAnArray],
  ['array of numbers', '[1]', AlpacaFrameReject.NotAnObject],
  ['unknown type', '[{"T":"zz"}]', AlpacaFrameReject.UnknownType],
  ['success with odd msg', '[{"T":"success","msg":"welcome"}]', AlpacaFrameReject.BadControl],
  ['error without a code', '[{"T":"error","msg":"auth failed"}]', AlpacaFrameReject.BadControl],
];

const DATA_CASES: Array<[string, string, number]> = [
  ['unknown symbol', `{"T":"t","S":"MSFT","p":1,"s":1,${T}}`, AlpacaDataReject.UnknownSymbol],
  ['symbol a number', `{"T":"t","S":5,"p":1,"s":1,${T}}`, AlpacaDataReject.UnknownSymbol],
  ['price zero', `{"T":"t","S":"AAPL","p":0,"s":1,${T}}`, AlpacaDataReject.BadPrice],
  ['price as text', `{"T":"t","S":"AAPL","p":"1","s":1,${T}}`, AlpacaDataReject.BadPrice],
  ['price negative', `{"T":"t","S":"AAPL","p":-1,"s":1,${T}}`, AlpacaDataReject.BadPrice],
  ['size zero', `{"T":"t","S":"AAPL","p":1,"s":0,${T}}`, AlpacaDataReject.BadSize],
  ['time without zone', '{"T":"t","S":"AAPL","p":1,"s":1,"t":"2021-02-22T15:51:44.208"}', AlpacaDataReject.BadTime],
  ['time missing', '{"T":"t","S":"AAPL","p":1,"s":1}', AlpacaDataReject.BadTime],
  ['trade id negative', `{"T":"t","S":"AAPL","p":1,"s":1,"i":-4,${T}}`, AlpacaDataReject.BadField],
  ['quote crossed', `{"T":"q","S":"AAPL","bp":2,"bs":1,"ap":1,"as":1,${T}}`, AlpacaDataReject.CrossedQuote],
  ['quote without ask', `{"T":"q","S":"AAPL","bp":2,"bs":1,"ap":0,"as":0,${T}}`, AlpacaDataReject.BadPrice],
  ['quote negative size', `{"T":"q","S":"AAPL","bp":1,"bs":-1,"ap":2,"as":1,${T}}`, AlpacaDataReject.BadSize],
  ['bar high below close', `{"T":"b","S":"AAPL","o":1,"h":1,"l":1,"c":2,"v":1,${T}}`, AlpacaDataReject.BadPrice],
  ['bar volume negative', `{"T":"b","S":"AAPL","o":1,"h":1,"l":1,"c":1,"v":-1,${T}}`, AlpacaDataReject.BadSize],
  ['bar vwap text', `{"T":"b","S":"AAPL","o":1,"h":1,"l":1,"c":1,"v":1,"vw":"1",${T}}`, AlpacaDataReject.BadSize],
];

function noNaN(p: AlpacaStreamProtocol, name: string): void {
  const d = p.decoder;
  for (const v of [...d.trades, ...d.quotes, ...d.bars.open, ...d.bars.volume, ...d.bars.start]) assert.ok(!Number.isNaN(v), `${name}: NaN`);
}

test('frame-level refusals', () => {
  for (const [name, frame, reason] of FRAME_CASES) {
    const p = make();
    assert.is(p.onFrame(frame), AlpacaAction.None, name);
    assert.is(p.rejects[reason], 1, `${name}: ${ALPACA_FRAME_REJECT_REASONS.filter((_, i) => p.rejects[i])}`);
    assert.is(p.state, AlpacaState.AwaitingConnected, name);
  }
});

test('message-level refusals: the bad message is dropped, the good one beside it kept', () => {
  for (const [name, msg, reason] of DATA_CASES) {
    const p = make();
    p.onFrame(`[${msg},{"T":"t","S":"AAPL","p":1.5,"s":3,${T}}]`);
    assert.is(p.decoder.rejects[reason], 1, `${name}: ${ALPACA_DATA_REJECT_REASONS.filter((_, i) => p.decoder.rejects[i])}`);
    assert.is(p.decoder.rejects.reduce((a, b) => a + b, 0), 1, name);
    assert.is(p.decoder.tradeCount, 1, name);
    noNaN(p, name);
  }
});

test('a frame larger than the batch capacity keeps the first messages and counts the rest', () => {
  const p = new AlpacaStreamProtocol({ feed: 'iex', keyId: 'k', secretKey: 's', symbols: ['AAPL'], subscription: {}, batchCapacity: 2 });
  p.onFrame(`[${Array(5).fill(`{"T":"t","S":"AAPL","p":1,"s":1,${T}}`).join(',')}]`);
  assert.is(p.decoder.tradeCount, 2);
  assert.is(p.decoder.rejects[AlpacaDataReject.BatchFull], 3);
});

test('random mutations of real messages never throw', () => {
  const p = new AlpacaStreamProtocol({ feed: 'iex', keyId: 'k', secretKey: 's', symbols: ['AAPL'], subscription: {}, batchCapacity: 4 });
  p.onOpen();
  const seeds = [`{"T":"t","S":"AAPL","p":1,"s":1,"i":3,"c":["@"],${T}}`, `{"T":"q","S":"AAPL","bp":1,"bs":1,"ap":2,"as":1,"c":["R"],${T}}`,
    `{"T":"b","S":"AAPL","o":1,"h":1,"l":1,"c":1,"v":1,${T}}`, '{"T":"subscription","trades":["AAPL"]}'];
  const values = [null, 0, -1, 'x', [], {}, [null, 5], NaN, '1e999', true, 1e308];
  let state = 99;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20_000; i++) {
    const msg = JSON.parse(seeds[i % seeds.length]);
    const keys = Object.keys(msg);
    msg[keys[Math.floor(next() * keys.length)]] = values[Math.floor(next() * values.length)];
    p.handle([msg]);
    if (p.decoder.tradeCount + p.decoder.quoteCount + p.decoder.bars.count > 0) noNaN(p, `mutation ${i}`);
  }
  assert.is(p.state, AlpacaState.AwaitingConnected);
});

test.run();
