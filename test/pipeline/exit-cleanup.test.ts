// Nothing outlives a session: once the summary is out, no timer, worker thread or message port is
// left that could keep the process running (or running late) after its work is done. The CLI
// lists what is still active when TRADEBOT_DEBUG_HANDLES=1; only stdio handles may remain. Checked
// for every way a session ends that leaves its own timers behind: a clean stop with metrics off
// and on, a halt whose /health grace period runs out, and an abandoned drain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig } from './cli-session.js';
import { CliChild, freePort } from '../support/cli-child.js';

/** Resource kinds that would mean something of the session is still alive. */
const LEFTOVERS = ['Timeout', 'Worker', 'MessagePort', 'TCPServerWrap', 'TCPSocketWrap', 'TCPWrap'];

async function activeAfter(args: string[], expectedCode: number): Promise<string[]> {
  const cli = new CliChild(args, { env: { ...process.env, TRADEBOT_DEBUG_HANDLES: '1' } });
  try {
    const { code } = await cli.exit(30_000);
    assert.is(code, expectedCode, cli.transcript);
    const line = /tradebot: still active after the session: (\[.*\])/.exec(cli.stderr);
    assert.ok(line, `no "still active" line\n${cli.transcript}`);
    return JSON.parse(line![1]) as string[];
  } finally {
    cli.kill();
  }
}

function assertNothingLeft(active: string[], what: string): void {
  const left = active.filter((kind) => LEFTOVERS.some((name) => kind.includes(name)));
  assert.equal(left, [], `${what}: still active ${JSON.stringify(active)}`);
}

test('metrics off: a clean stop leaves only stdio', async () => {
  const active = await activeAfter(['run', 'crypto', '--duration', '1s', '--json', '--metrics-port', '0'], 0);
  assertNothingLeft(active, 'metrics off');
});

test('metrics on: the endpoint and its thread are gone too', async () => {
  const port = await freePort();
  const active = await activeAfter(['run', 'crypto', '--duration', '1s', '--json', '--metrics-port', String(port)], 0);
  assertNothingLeft(active, 'metrics on');
});

test('halted with metrics on: nothing is left once the /health grace has run out', async () => {
  const config = tradingCryptoConfig((y) => y
    .replace(/maxRestarts: *\d+/, 'maxRestarts: 1')
    .replace(/haltGraceMs: *\d+/, 'haltGraceMs: 500'));
  const port = await freePort();
  const active = await activeAfter(['run', 'crypto', '--config', config, '--duration', '30s', '--json',
    '--metrics-port', String(port), '--crash-layer', 'L4', '--crash-after', '400ms', '--crash-times', '10'], 3);
  assertNothingLeft(active, 'halted');
});

test('an abandoned drain: the terminated workers and the drain timer are gone', async () => {
  const config = tradingCryptoConfig((y) => y.replace(/stallSeconds: *\d+/, 'stallSeconds: 600').replace(/^  kind: sim$/m, '  kind: synthetic'));
  const port = await freePort();
  const active = await activeAfter(['run', 'crypto', '--config', config, '--duration', '1s', '--json',
    '--metrics-port', String(port), '--hang-layer', 'L3', '--crash-after', '300ms'], 4);
  assertNothingLeft(active, 'drain abandoned');
});

test.run();
