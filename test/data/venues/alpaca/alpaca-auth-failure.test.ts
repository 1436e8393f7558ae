// Bad credentials end the session for good: 402 puts the machine in `failed`, returns Stop once
// with retryAllowed = false and one operator sentence, and nothing afterwards (a new open, more
// frames, another `connected`) brings it back: a connector cannot turn it into a retry storm.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlpacaAction, AlpacaState, AlpacaStreamProtocol } from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';
import { docsExamples } from './alpaca-docs-examples.js';

function authenticating(): AlpacaStreamProtocol {
  const proto = new AlpacaStreamProtocol({ feed: 'iex', keyId: 'AKXXXX', secretKey: 'sssss', symbols: ['AAPL'], subscription: { trades: ['AAPL'] } });
  proto.onOpen();
  proto.onFrame('[{"T":"success","msg":"connected"}]');
  return proto;
}

test('402 auth failed (docs frame): terminal, Stop, no retry, one clear message', () => {
  const ex = docsExamples();
  if (ex === null) return;
  const frame = ex.find((e) => e.raw.includes('"code":402'))!.raw;
  const proto = authenticating();
  assert.is(proto.onFrame(frame), AlpacaAction.Stop);
  assert.is(proto.state, AlpacaState.Failed);
  assert.is(proto.retryAllowed, false);
  assert.is(proto.failureMessage, 'Alpaca iex stream refused us: 402 auth failed; not retrying (check the API key id and secret key, and that they belong to this environment (live or paper))');
  assert.is(proto.describe(), `alpaca iex: failed (${proto.failureMessage})`);

  proto.onClose();
  proto.onOpen();
  assert.is(proto.state, AlpacaState.Failed, 'a new socket does not leave failed');
  assert.is(proto.onFrame('[{"T":"success","msg":"connected"}]'), AlpacaAction.None, 'no second auth is ever asked for');
  assert.is(proto.onFrame(frame), AlpacaAction.None, 'Stop is returned once');
  assert.is(proto.counts[1], 1);
});

test('every terminal code fails the same way; data after the error in the same frame is not decoded', () => {
  for (const code of [400, 401, 402, 405, 406, 408, 409, 410]) {
    const proto = authenticating();
    const action = proto.onFrame(`[{"T":"error","code":${code},"msg":"x"},{"T":"t","S":"AAPL","p":1,"s":1,"t":"2021-02-22T15:51:44.208Z"}]`);
    assert.is(action, AlpacaAction.Stop, `code ${code}`);
    assert.is(proto.retryAllowed, false, `code ${code}`);
    assert.ok(proto.failureMessage.includes(`${code}`), proto.failureMessage);
    assert.is(proto.decoder.tradeCount, 0);
  }
});

test('recoverable codes ask for a reconnect with retry allowed; a reconnect then works', () => {
  for (const code of [404, 407, 500, 599]) {
    const proto = authenticating();
    assert.is(proto.onFrame(`[{"T":"error","code":${code},"msg":"x"}]`), AlpacaAction.Reconnect, `code ${code}`);
    assert.is(proto.state, AlpacaState.Reconnecting);
    assert.is(proto.retryAllowed, true);
    proto.onClose();
    proto.onOpen();
    assert.is(proto.onFrame('[{"T":"success","msg":"connected"}]'), AlpacaAction.SendAuth);
  }
});

test('403 already authenticated changes nothing', () => {
  const proto = authenticating();
  proto.onFrame('[{"T":"success","msg":"authenticated"}]');
  assert.is(proto.onFrame('[{"T":"error","code":403,"msg":"already authenticated"}]'), AlpacaAction.None);
  assert.is(proto.state, AlpacaState.Subscribing);
  assert.is(proto.lastErrorCode, 403);
});

test.run();
