// The API key id and secret appear in exactly one string this module produces, the auth frame for
// the socket. Every string meant for humans (status line, failure sentence, JSON, util.inspect,
// String()) is free of them, across the whole life cycle including a refused login, and redact()
// scrubs them (and any auth-looking field or header) from text a logging path wants to print.
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlpacaStreamProtocol, redactAlpacaCredentials } from '../../../../src/data/venues/alpaca/alpaca-stream-protocol.js';

const KEY = 'PKTESTKEY0123456789AB';
const SECRET = 'sEcReT/abc+def=ghi0123456789xyzXYZ';

function loggable(proto: AlpacaStreamProtocol): string[] {
  return [proto.describe(), proto.failureMessage, JSON.stringify(proto), inspect(proto, { showHidden: true, depth: 5 }), String(proto),
    proto.redact(proto.authMessage()), proto.subscribeMessage()];
}

test('no human-facing string ever contains the key or the secret', () => {
  const proto = new AlpacaStreamProtocol({ feed: 'iex', keyId: KEY, secretKey: SECRET, symbols: ['AAPL'], subscription: { trades: ['AAPL'] } });
  const seen: string[] = [...loggable(proto)];
  proto.onOpen();
  proto.onFrame('[{"T":"success","msg":"connected"}]');
  seen.push(...loggable(proto));
  proto.onFrame('[{"T":"error","code":402,"msg":"auth failed"}]');
  seen.push(...loggable(proto));
  for (const s of seen) {
    assert.not.ok(s.includes(KEY), `key leaked in: ${s}`);
    assert.not.ok(s.includes(SECRET), `secret leaked in: ${s}`);
  }
  const auth = JSON.parse(proto.authMessage());
  assert.equal(auth, { action: 'auth', key: KEY, secret: SECRET });
});

test('redact: the client own credentials, any "key"/"secret" JSON field, Alpaca auth headers', () => {
  const proto = new AlpacaStreamProtocol({ feed: 'iex', keyId: KEY, secretKey: SECRET, symbols: ['AAPL'], subscription: {} });
  assert.is(proto.redact(`sent ${proto.authMessage()} with ${KEY}`), 'sent {"action":"auth","key":"***","secret":"***"} with ***');
  assert.is(redactAlpacaCredentials('{"action": "auth", "key": "other", "secret": "x\\"y"}'), '{"action": "auth", "key": "***", "secret": "***"}');
  assert.is(redactAlpacaCredentials('APCA-API-KEY-ID: abc\nAPCA-API-SECRET-KEY=def'), 'APCA-API-KEY-ID: ***\nAPCA-API-SECRET-KEY=***');
});

test('constructor errors do not echo the credentials', () => {
  try {
    new AlpacaStreamProtocol({ feed: 'iex', keyId: KEY, secretKey: '', symbols: [], subscription: {} });
    assert.unreachable();
  } catch (e) {
    assert.not.ok(String(e).includes(KEY));
  }
});

test.run();
