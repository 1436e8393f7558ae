// Builds one record from named fields for tests: unknown names throw, so a renamed field can never
// make a fixture silently write nothing (a Float64Array ignores `r[undefined] = v`).
import type { RecordLayout } from '../../src/shm/records.js';

/** Field values of a record layout by name. */
export type RecordValues<L extends RecordLayout> = Partial<Record<Exclude<keyof L, keyof RecordLayout>, number>>;

export function buildRecord<L extends RecordLayout>(layout: L, values: RecordValues<L>): Float64Array {
  const r = new Float64Array(layout.f64);
  const slots = layout as unknown as Record<string, number>;
  for (const [k, v] of Object.entries(values)) {
    if (k === 'name' || k === 'f64' || k === 'bytes' || typeof slots[k] !== 'number') {
      throw new Error(`${layout.name} has no field "${k}"`);
    }
    r[slots[k]] = v as number;
  }
  return r;
}
