// The progress bar: on a terminal, one line redrawn in place with epoch, loss and ETA; elsewhere
// no carriage returns, one plain line per epoch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProgressBar, formatSeconds } from '../../src/ml/progress-bar.js';

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

test('terminal: bar with loss and ETA, then a permanent epoch line', () => {
  const out = sink();
  const bar = new ProgressBar(out.stream, true);
  bar.update({ epoch: 1, epochs: 2, step: 5, steps: 10, loss: 0.25, elapsed: 10 });
  assert.match(out.text(), /\r\x1b\[2Kepoch 1\/2 \[#{6}\.{18}\] 25% loss 0\.2500 eta 30s/);
  bar.epochDone(1, 2, 0.25, 0.3, 20, true);
  assert.match(out.text(), /epoch 1\/2 train loss 0\.2500 validation loss 0\.3000 \(best\) 20\.0s\n$/);
});

test('not a terminal: no redraws, one line per epoch', () => {
  const out = sink();
  const bar = new ProgressBar(out.stream, false);
  bar.update({ epoch: 1, epochs: 1, step: 1, steps: 2, loss: 1, elapsed: 1 });
  bar.epochDone(1, 1, 1, 1, 1, false);
  assert.is(out.text(), 'epoch 1/1 train loss 1.0000 validation loss 1.0000 1.0s\n');
  assert.is(formatSeconds(125), '2m05s');
});

test.run();
