// Keys come from the environment only: a missing or truncated variable is named (its value never
// is), a PEM key written on one line with "\n" escapes is restored, and a credentials object prints
// as redacted through every usual route (JSON, inspect, string conversion).
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { credentialsFromEnv } from '../../../src/execution/live/live-credentials.js';
import { fakeKeyEnv } from '../../support/fake-credentials.js';

test('missing and truncated variables are all named at once, without their values', () => {
  let message = '';
  try {
    credentialsFromEnv('coinbaseexchange', { COINBASE_EXCHANGE_API_KEY: 'short7x', COINBASE_EXCHANGE_API_PASSPHRASE: ' ' });
  } catch (error) {
    message = (error as Error).message;
  }
  assert.match(message, /COINBASE_EXCHANGE_API_KEY is shorter than 8 characters/);
  assert.match(message, /COINBASE_EXCHANGE_API_SECRET is not set/);
  assert.match(message, /COINBASE_EXCHANGE_API_PASSPHRASE is not set/);
  assert.not.match(message, /short7x/);
});

test('a PEM key with escaped newlines gets its newlines back', () => {
  const credentials = credentialsFromEnv('coinbase', fakeKeyEnv());
  assert.ok(credentials.secret.startsWith('-----BEGIN EC PRIVATE KEY-----\n'));
  assert.not.ok(credentials.secret.includes('\\n'));
});

test('a credentials object prints redacted through JSON, inspect and strings', () => {
  const env = fakeKeyEnv();
  const credentials = credentialsFromEnv('alpaca', env);
  assert.is(credentials.apiKey, env.APCA_API_KEY_ID);
  for (const text of [JSON.stringify(credentials), inspect(credentials), String(credentials), `${credentials}`, inspect({ nested: { credentials } })]) {
    assert.not.ok(text.includes(env.APCA_API_KEY_ID ?? '?'), text);
    assert.not.ok(text.includes(env.APCA_API_SECRET_KEY ?? '?'), text);
    assert.match(text, /redacted/);
  }
});

test.run();
