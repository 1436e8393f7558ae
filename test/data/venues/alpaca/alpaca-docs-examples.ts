// Alpaca's documented stream examples from ../shared/data/ws/alpaca/alpaca-docs: the derived JSONL
// of every example on the v2 stock and crypto stream pages, and the one example message inside
// each stream-{trade,quote,bar}-v2.yaml (read with the yaml package, its `example` field is JSON).
import { parse } from 'yaml';
import { sharedText } from '../../../support/shared-data.js';

export interface DocsExample {
  src: string;
  kind: 'server_frame' | 'control_example' | 'client_frame' | 'schema_example';
  raw: string;
}

/** Every example, in page order, or null (skip) when the file is absent. */
export function docsExamples(): DocsExample[] | null {
  const text = sharedText('ws/alpaca/alpaca-docs/alpaca_stream_docs_examples.jsonl');
  if (text === null) return null;
  return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as DocsExample);
}

/** The examples of the stock page (v2) only. */
export function stockExamples(): DocsExample[] | null {
  const all = docsExamples();
  return all === null ? null : all.filter((e) => e.src.includes('stock-pricing-data'));
}

/** The example message of stream-<name>-v2.yaml as JSON text, or null (skip). */
export function yamlExample(name: 'trade' | 'quote' | 'bar'): string | null {
  const text = sharedText(`ws/alpaca/alpaca-docs/stream-${name}-v2.yaml`);
  if (text === null) return null;
  return (parse(text) as { example: string }).example;
}
