/**
 * models/registry.json: which models exist (name, version, kind, ONNX hash) and which one is
 * promoted for serving. The cards hold the details; the registry is the index. Promotion checks
 * the model first (card readable, ONNX present with the card's sha256, loads in onnxruntime), so
 * a broken model is refused and the promoted one stays.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { CARD_FILE, ONNX_FILE, fileSha256, readCard, writeCard, type ModelCard } from './model-card.js';
import { UsageError } from '../pipeline/exit-codes.js';

export const REGISTRY_FILE = 'registry.json';

export interface RegistryEntry {
  name: string;
  version: number;
  kind: string;
  horizonMs: number;
  onnxSha256: string;
  createdAt: string;
}

export interface Registry {
  promoted: string | null;
  models: RegistryEntry[];
}

export function registryPath(modelsDir: string): string {
  return path.join(modelsDir, REGISTRY_FILE);
}

export function readRegistry(modelsDir: string): Registry {
  const file = registryPath(modelsDir);
  if (!existsSync(file)) return { promoted: null, models: [] };
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Registry | null;
    if (r === null || typeof r !== 'object' || !Array.isArray(r.models)) throw new Error('no "models" list');
    if (r.promoted !== undefined && r.promoted !== null && typeof r.promoted !== 'string') throw new Error('"promoted" is not a model name');
    // Every reader formats these fields: an entry without them would fail later, without the file's name.
    r.models.forEach((m, i) => {
      if (m === null || typeof m !== 'object' || typeof m.name !== 'string' || !Number.isInteger(m.version) || typeof m.kind !== 'string'
        || typeof m.horizonMs !== 'number' || typeof m.onnxSha256 !== 'string') {
        throw new Error(`models[${i}] is not an entry with a name, version, kind, horizonMs and onnxSha256`);
      }
    });
    return { promoted: r.promoted ?? null, models: r.models };
  } catch (err) {
    throw new Error(`model registry ${file}: ${(err as Error).message}`);
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a registry. */
export function writeRegistry(modelsDir: string, registry: Registry): void {
  const file = registryPath(modelsDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(registry, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function modelDir(modelsDir: string, name: string): string {
  return path.join(modelsDir, name);
}

/** The next version for `name`: one more than the registered one, or 1. */
export function nextVersion(registry: Registry, name: string): number {
  const found = registry.models.find((m) => m.name === name);
  return found ? found.version + 1 : 1;
}

export function register(modelsDir: string, card: ModelCard): Registry {
  const registry = readRegistry(modelsDir);
  const entry: RegistryEntry = {
    name: card.name, version: card.version, kind: card.architecture.kind, horizonMs: card.horizon.ms,
    onnxSha256: card.onnx.sha256, createdAt: card.createdAt,
  };
  registry.models = [...registry.models.filter((m) => m.name !== card.name), entry].sort((a, b) => a.name.localeCompare(b.name));
  writeRegistry(modelsDir, registry);
  return registry;
}

/** The card of a registered model, checked against its ONNX file's hash. */
export function loadRegisteredCard(modelsDir: string, name: string): { card: ModelCard; onnxPath: string } {
  const registry = readRegistry(modelsDir);
  if (!registry.models.some((m) => m.name === name)) {
    const known = registry.models.map((m) => m.name).join(', ') || 'none';
    // A name the registry does not hold is the caller's mistake (exit 2 on the command line).
    throw new UsageError(`no model "${name}" in ${registryPath(modelsDir)} (registered: ${known})`);
  }
  const dir = modelDir(modelsDir, name);
  const card = readCard(path.join(dir, CARD_FILE));
  const onnxPath = path.join(dir, card.onnx.file ?? ONNX_FILE);
  if (!existsSync(onnxPath)) throw new Error(`model ${name}: ${onnxPath} is missing`);
  const actual = fileSha256(onnxPath);
  if (actual !== card.onnx.sha256) throw new Error(`model ${name}: ${onnxPath} has sha256 ${actual}, the card says ${card.onnx.sha256}`);
  return { card, onnxPath };
}

/** Write a verified model's ONNX file and card into `modelsDir/NAME/` and register it. */
export function saveModel(modelsDir: string, card: ModelCard, onnxBytes: Uint8Array): void {
  const dir = modelDir(modelsDir, card.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, ONNX_FILE), onnxBytes);
  writeCard(path.join(dir, CARD_FILE), card);
  register(modelsDir, card);
}
