// A SIGHUP whose file changes a field that needs a restart is refused with a log line naming the
// file, the field and both values (as an invalid value is), counted as a failed reload; the
// session runs on, and a later valid edit is applied.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { CliChild } from '../support/cli-child.js';
import { cryptoConfig } from './cli-session.js';

test('SIGHUP with pipeline.topology changed: refused naming the file, then a valid edit applies', async () => {
  const config = cryptoConfig((y) => y.replace('kind: sim', 'kind: synthetic').replace(/ratePerSecond: *\d+/, 'ratePerSecond: 1000'));
  const cli = new CliChild(['run', 'crypto', '--json', '--config', config, '--metrics-port', '0', '--data-dir', '', '--duration', '30s']);
  try {
    await cli.waitFor('stderr', /kill -HUP \d+ reloads it/, 'the banner');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace('topology: layered', 'topology: fused'));
    cli.signal('SIGHUP');
    await cli.waitFor('stderr', /config reload rejected/, 'the refusal', 10_000);
    assert.ok(cli.stderr.includes(`${config}: pipeline.topology cannot change without a restart (running "layered", file has "fused")`), cli.transcript);

    writeFileSync(config, original.replace('killSwitch: false', 'killSwitch: true'));
    cli.signal('SIGHUP');
    await cli.waitFor('stderr', /config reloaded from .*: risk\.killSwitch false -> true/, 'the reload', 10_000);
    cli.signal('SIGTERM');
    const { code } = await cli.exit(20_000);
    assert.is(code, 0, cli.transcript);
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    assert.is(summary.config_reloads, 1);
    assert.is(summary.config_reload_failures, 1);
  } finally {
    cli.kill();
  }
});

test.run();
