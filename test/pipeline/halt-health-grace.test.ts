// A session that halted keeps its metrics endpoint up for `metrics.haltGraceMs` after the summary,
// so a health check or scraper polling it learns why the process is about to go away: /health
// answers 503 with the halt and its reason. An operator's Ctrl-C during that grace ends it at
// once, and the exit code still says "halted" (3): the outcome was decided before the signal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tradingCryptoConfig } from './cli-session.js';
import { CliChild, freePort, withDeadline } from '../support/cli-child.js';

const GRACE_MS = 4000;

test('after a halt /health says why (503) until SIGINT ends the grace; the exit code stays 3', async () => {
  const config = tradingCryptoConfig((y) => y
    .replace(/maxRestarts: *\d+/, 'maxRestarts: 1')
    .replace(/haltGraceMs: *\d+/, `haltGraceMs: ${GRACE_MS}`));
  const port = await freePort();
  const cli = new CliChild(['run', 'crypto', '--config', config, '--duration', '30s', '--json',
    '--metrics-port', String(port), '--crash-layer', 'L4', '--crash-after', '400ms', '--crash-times', '10']);
  try {
    await cli.waitFor('stdout', /\}\n/, 'the JSON summary');
    const summaryAt = performance.now();
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.is(summary.halted, true, cli.transcript);

    const response = await withDeadline(fetch(`http://127.0.0.1:${port}/health`), 5000, 'GET /health');
    assert.is(response.status, 503);
    const health = await response.json() as { status: string; reason?: string; restarts?: number };
    assert.is(health.status, 'halted');
    assert.type(health.reason, 'string');
    assert.match(health.reason!, /L4/, `the reason names the failing layer: ${health.reason}`);
    assert.ok(health.restarts! > 0, `restarts: ${health.restarts}`);
    assert.ok(!cli.hasExited, 'still serving /health during the grace');

    const signalledAt = performance.now();
    cli.signal('SIGINT');
    const { code, signal } = await cli.exit(10_000);
    const afterSignal = performance.now() - signalledAt;
    assert.is(code, 3, `a halt stays a halt, not 130 or 0\n${cli.transcript}`);
    assert.is(signal, null);
    assert.ok(afterSignal < 3000, `exited ${Math.round(afterSignal)} ms after SIGINT`);
    assert.ok(performance.now() - summaryAt < GRACE_MS, 'SIGINT cut the grace short rather than it running out');
    assert.match(cli.stderr, new RegExp(`/health reports the halt for ${GRACE_MS / 1000}s before exit`), cli.transcript);
  } finally {
    cli.kill();
  }
});

test.run();
