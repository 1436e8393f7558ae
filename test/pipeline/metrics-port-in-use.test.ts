// A metrics port someone else already holds (another session, another exporter) is an operator
// mistake, not a crash: one line on stderr says which address is taken and which flag picks
// another, with no stack trace, nothing on stdout, and the usage exit code (2). Nothing trades.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { CliChild } from '../support/cli-child.js';

test('the metrics port is taken: one clear line naming the address and --metrics-port, exit 2', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (holder.address() as net.AddressInfo).port;
  const cli = new CliChild(['run', 'crypto', '--duration', '5s', '--metrics-port', String(port)]);
  try {
    const { code } = await cli.exit(20_000);
    assert.is(code, 2, cli.transcript);
    const lines = cli.stderr.trim().split('\n');
    assert.is(lines.length, 1, `exactly one line on stderr\n${cli.transcript}`);
    assert.ok(lines[0].startsWith(`tradebot: metrics port 127.0.0.1:${port} is already in use`), cli.transcript);
    assert.match(lines[0], /--metrics-port/);
    assert.not.match(cli.stderr, /\n\s+at |Error:/, 'no stack trace');
    assert.is(cli.stdout, '', 'nothing ran, so no summary');
  } finally {
    cli.kill();
    await new Promise((resolve) => holder.close(resolve));
  }
});

test.run();
