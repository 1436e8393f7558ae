// A stop under load drains everything: a session fed as fast as the synthetic source can go, with
// big rings and a blocking tick policy (nothing conflated away), is stopped by SIGTERM while
// records are in flight. Every layer finishes its input before it closes its output, so every
// intent sizing emitted became one order, one fill and one booked portfolio fill, nothing is left
// in the rings, and the drain budget (2 s) is not what ended the session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig } from './cli-session.js';
import { CliChild, freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';

const loaded = (y: string): string => y
  .replace(/kind: *sim/, 'kind: synthetic')
  .replace(/ratePerSecond: *\d+/, 'ratePerSecond: 0')
  .replace(/ringCapacity: *\d+/, 'ringCapacity: 65536')
  .replace(/tickPolicy: *conflate/, 'tickPolicy: block')
  .replace(/cacheMs: *\d+/, 'cacheMs: 0');

function metricSum(text: string, name: string): number {
  return text.split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

test('SIGTERM under load: intents = orders = fills = portfolio fills, nothing undrained, no drain abandoned', async () => {
  const config = tradingCryptoConfig(loaded);
  const port = await freePort();
  const cli = new CliChild(['run', 'crypto', '--config', config, '--json', '--metrics-port', String(port)]);
  try {
    await cli.waitFor('stderr', /metrics http:\/\/\S+\/metrics/, 'the banner');
    // Under load: sizing has emitted plenty and records are waiting in the rings.
    let last = '';
    await waitUntil(async () => {
      last = await (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
      return metricSum(last, 'tradebot_intents_total') > 2000 && metricSum(last, 'tradebot_records_in_total') > 100_000;
    }, 20_000, () => `the session to get busy; last scrape:\n${last.split('\n').filter((l) => /^tradebot_(intents|records_in)_total/.test(l)).join('\n')}`, 50);

    const termAt = performance.now();
    cli.signal('SIGTERM');
    const { code, signal } = await cli.exit(15_000);
    const stopMs = performance.now() - termAt;
    assert.is(signal, null, cli.transcript);
    assert.is(code, 0, cli.transcript);
    assert.match(cli.stderr, /stopping \(SIGTERM\): draining rings/);
    assert.not.match(cli.stderr, /drain (did not finish in time|interrupted)/, `the drain was cut short\n${cli.transcript}`);

    const s = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.ok(s.ticks > 10_000, `ticks ${s.ticks}`);
    assert.ok(s.intents > 2000, `intents ${s.intents}`);
    assert.is(s.orders, s.intents, 'every intent became an order');
    assert.is(s.orders_filled + s.orders_cancelled, s.orders, 'every order ended: filled, or expired when the session stopped');
    assert.is(s.portfolio_fills, s.fills, 'every fill was booked');
    assert.is(s.rejects, 0);
    assert.is(s.undrained, 0, 'nothing left in the rings');
    assert.is(s.exit_code, 0);
    assert.ok(stopMs < 5000, `stopped ${Math.round(stopMs)} ms after SIGTERM`);
  } finally {
    cli.kill();
  }
});

test.run();
