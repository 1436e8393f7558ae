// Record builders for tests: one Float64Array record of a layout from src/shm/records.ts, with the
// named fields set and every other slot 0. A field name the layout does not have is an error, so
// a renamed field cannot leave a fixture silently writing nothing.
import type { RecordLayout } from '../../src/shm/records.js';

type FieldsOf<L> = Exclude<{ [K in keyof L]: L[K] extends number ? K : never }[keyof L], keyof RecordLayout>;

export function record<L extends RecordLayout>(layout: L, fields: Partial<Record<FieldsOf<L>, number>>): Float64Array {
  const out = new Float64Array(layout.f64);
  for (const [name, value] of Object.entries(fields) as [string, number][]) {
    const slot = (layout as unknown as Record<string, unknown>)[name];
    if (typeof slot !== 'number' || name === 'f64' || name === 'bytes') throw new Error(`record ${layout.name} has no field ${name}`);
    out[slot] = value;
  }
  return out;
}
