// Every error frame in Alpaca's documentation (stock and crypto pages, codes 400-500) maps to the
// action the error table gives it, and the table covers each documented code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ALPACA_ERRORS } from '../../../../src/data/venues/alpaca/alpaca-error-codes.js';
import { AlpacaAction, AlpacaStreamProtocol } from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';
import { docsExamples } from './alpaca-docs-examples.js';

const EXPECTED: Record<number, number> = {
  400: AlpacaAction.Stop, 401: AlpacaAction.Stop, 402: AlpacaAction.Stop, 403: AlpacaAction.None,
  404: AlpacaAction.Reconnect, 405: AlpacaAction.Stop, 406: AlpacaAction.Stop, 407: AlpacaAction.Reconnect,
  408: AlpacaAction.Stop, 409: AlpacaAction.Stop, 500: AlpacaAction.Reconnect,
};

test('docs error frames: action per code, documented names match the table', () => {
  const ex = docsExamples();
  if (ex === null) return;
  const errors = ex.filter((e) => e.raw.includes('"T":"error"'));
  assert.is(errors.length, 19); // 11 on the stock page, 8 on the crypto page
  const seen = new Set<number>();
  for (const e of errors) {
    const [{ code, msg }] = JSON.parse(e.raw) as Array<{ code: number; msg: string }>;
    seen.add(code);
    const proto = new AlpacaStreamProtocol({ feed: e.src.includes('crypto') ? 'crypto' : 'iex', keyId: 'k', secretKey: 's', symbols: [], subscription: {} });
    proto.onOpen();
    assert.is(proto.onFrame(e.raw), EXPECTED[code], `${e.src} code ${code}`);
    assert.is(proto.lastErrorCode, code);
    assert.is(ALPACA_ERRORS.get(code)?.name, msg, `${code}`);
  }
  assert.equal([...seen].sort(), Object.keys(EXPECTED).map(Number));
});

test.run();
