// An IPv6 metrics host works end to end: the banner prints a URL an operator can paste (the
// literal in brackets, as URLs require), and /health answers at that URL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { cryptoConfig } from './cli-session.js';
import { CliChild, freePort, withDeadline } from '../support/cli-child.js';

/** Whether this machine has an IPv6 loopback to bind (some containers have none). */
async function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

test('metrics.host ::1: the banner shows http://[::1]:port and /health answers there', async () => {
  if (!(await hasIpv6Loopback())) {
    console.log('  skipped: no IPv6 loopback (cannot listen on ::1) on this machine');
    return;
  }
  const config = cryptoConfig((y) => y.replace(/host: *127\.0\.0\.1/, 'host: "::1"'));
  const port = await freePort('::1');
  const cli = new CliChild(['run', 'crypto', '--config', config, '--duration', '30s', '--json', '--metrics-port', String(port)]);
  try {
    await cli.waitFor('stderr', /metrics http:\/\/\S+\/metrics/, 'the metrics line of the banner');
    assert.match(cli.stderr, new RegExp(`metrics http://\\[::1\\]:${port}/metrics, health http://\\[::1\\]:${port}/health`), cli.transcript);
    const response = await withDeadline(fetch(`http://[::1]:${port}/health`), 5000, 'GET /health over IPv6');
    assert.is(response.status, 200);
    assert.is((await response.json() as { status: string }).status, 'ok');
    cli.signal('SIGTERM');
    const { code } = await cli.exit(20_000);
    assert.is(code, 0, cli.transcript);
  } finally {
    cli.kill();
  }
});

test.run();
