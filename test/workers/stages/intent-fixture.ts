// Records an execution-stage test feeds by hand: a buy intent of 0.01 at 47,000 on instrument 0,
// and sizing's watermark.
import { Header, RecordKind, Side, SizedIntent } from '../../../src/shm/records.js';

/** Intent `seq` decided at event time `ts`, from the event numbered `origin`. */
export function buyIntent(ts: number, origin: number, seq: number): Float64Array {
  const intent = new Float64Array(SizedIntent.f64);
  intent[SizedIntent.kind] = RecordKind.SizedIntent;
  intent[SizedIntent.ts] = ts;
  intent[SizedIntent.origin] = origin;
  intent[SizedIntent.seq] = seq;
  intent[SizedIntent.instrument] = 0;
  intent[SizedIntent.side] = Side.Buy;
  intent[SizedIntent.quantity] = 0.01;
  intent[SizedIntent.limitPrice] = 47_000;
  return intent;
}

/** Sizing has decided on every event up to `origin`. */
export function watermark(origin: number): Float64Array {
  const record = new Float64Array(SizedIntent.f64);
  record[Header.kind] = RecordKind.Watermark;
  record[Header.origin] = origin;
  return record;
}
