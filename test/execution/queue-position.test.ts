// Queue position of a resting paper order: trades eat the queue from the front (NautilusTrader's
// case: 100 ahead, trades of 80 and 30 -> a fill of 10), shrinks explained by trades are not
// counted twice, cancellations move the order up only as each model assumes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueuePosition } from '../../src/execution/queue-position.js';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);

for (const model of ['risk_averse', 'power'] as const) {
  test(`${model}: 100 ahead, trades of 80 then 30 at the price fill 10`, () => {
    const q = new QueuePosition(model);
    q.place(50, 100);
    assert.is(q.onTrade(80), 0);
    close(q.ahead, 20, 'ahead after 80');
    assert.is(q.onTrade(30), 10);
    assert.is(q.ahead, 0);
    assert.is(q.remaining, 40);
    assert.is(q.onTrade(100), 40, 'the rest, and no more');
    assert.is(q.onTrade(5), 0, 'a filled order takes nothing');
  });

  test(`${model}: a shrink that the trades explain moves nothing; growth joins behind`, () => {
    const q = new QueuePosition(model);
    q.place(1, 100);
    q.onTrade(30);
    q.onLevelChange(100, 70); // the 30 traded: no cancellation
    close(q.ahead, 70, 'ahead');
    q.onLevelChange(70, 500);
    close(q.ahead, 70, 'growth is behind');
  });
}

test('risk_averse: cancellations are behind the order until the level is smaller than the queue ahead', () => {
  const q = new QueuePosition('risk_averse');
  q.place(1, 100);
  q.onLevelChange(300, 150); // 150 cancelled of a level with 100 ahead and 200 behind
  close(q.ahead, 100, 'nothing ahead assumed cancelled');
  q.onLevelChange(150, 40);
  close(q.ahead, 40, 'capped at the level');
});

test('power(3): a cancellation is split f(front) : f(back); mostly behind when the back is long', () => {
  const q = new QueuePosition('power', 3);
  q.place(1, 100);
  // The level is 100 ahead + 300 behind = 400; 40 cancelled.
  q.onLevelChange(400, 360);
  const behind = 300 ** 3 / (300 ** 3 + 100 ** 3);
  close(q.ahead, 100 - (1 - behind) * 40, 'front share of the cancellation');
  assert.ok(q.ahead > 98 && q.ahead < 100);
  // Near the back: most of a cancellation is in front.
  const back = new QueuePosition('power', 3);
  back.place(1, 300);
  back.onLevelChange(400, 360);
  const behind2 = 100 ** 3 / (100 ** 3 + 300 ** 3);
  close(back.ahead, 300 - (1 - behind2) * 40, 'front share near the back');
  assert.ok(back.ahead < 262);
  // More cancelled than stood behind: the excess came from the front.
  const all = new QueuePosition('power', 3);
  all.place(1, 100);
  all.onLevelChange(110, 20); // 90 cancelled, only 10 behind
  assert.ok(all.ahead <= 20 && all.ahead >= 0, `ahead ${all.ahead}`);
});

test('bad input is refused or ignored', () => {
  const q = new QueuePosition('power');
  assert.throws(() => q.place(0, 10), /order quantity must be > 0/);
  assert.throws(() => new QueuePosition('fifo' as 'power'), /model must be one of risk_averse, power/);
  q.place(1, 10);
  assert.is(q.onTrade(NaN), 0);
  q.onLevelChange(NaN, 5);
  assert.is(q.ahead, 10);
});

test.run();
