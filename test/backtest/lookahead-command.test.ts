// The command's contract: a verdict table (or JSON) per candle file, exit 0 on a pass and 2 on a
// usage error. The candle file is written from the synthetic fixture into a temp folder.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runLookaheadCommand } from '../../src/backtest/lookahead-command.js';
import { removeTempDir, tempDir } from '../support/temp-dir.js';
import { syntheticBars } from './lookahead-fixture.js';

test('lookahead command: table, JSON, exit codes', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'bars.csv');
    const rows = syntheticBars(300).map((b) => [b.timeUs / 1000, b.open, b.high, b.low, b.close, b.volume].join(','));
    writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
    let text = '';
    const out = (t: string): void => { text += t; };
    assert.is(runLookaheadCommand({ assetClass: 'crypto', dataFiles: [file], sample: 5, seed: 3, json: false, out }), 0);
    assert.match(text, /verdict/);
    assert.match(text, /PASS/);
    text = '';
    assert.is(runLookaheadCommand({ assetClass: 'crypto', dataFiles: [file], sample: 5, seed: 3, json: true, out }), 0);
    const doc = JSON.parse(text);
    assert.is(doc.verdict, 'pass');
    assert.is(doc.files[0].report.bars, 300);
    assert.is(doc.files[0].report.checkedTimes, 8);

    let errors = '';
    const err = (t: string): void => { errors += t; };
    assert.is(runLookaheadCommand({ assetClass: 'bonds', dataFiles: [file], sample: 5, seed: 3, json: false, out, err }), 2);
    assert.is(runLookaheadCommand({ assetClass: 'crypto', dataFiles: [], sample: 5, seed: 3, json: false, out, err }), 2);
    assert.is(runLookaheadCommand({ assetClass: 'crypto', dataFiles: [file], sample: -1, seed: 3, json: false, out, err }), 2);
    assert.match(errors, /usage: tradebot lookahead/);
  } finally {
    removeTempDir(dir);
  }
});

test.run();
