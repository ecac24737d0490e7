import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from '../model-error.js';
import {
  type CatalogueModel,
  DEFAULT_LOCAL_MODEL,
  downloadUrl,
  findCatalogueModel,
  formatBytes,
  LOCAL_CATALOGUE,
} from './catalogue.js';
import { modelPath, partialPath } from './models-dir.js';

/** A catalogue model and what the models folder has of it. */
export interface LocalModelStatus extends CatalogueModel {
  url: string;
  path: string;
  downloaded: boolean;
  /** bytes of an unfinished download waiting to be resumed (0 when there is none) */
  partialBytes: number;
  isDefault: boolean;
}

async function size(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Every catalogue model with its state in `dir`, and the other GGUF files found there. */
export async function listLocalModels(
  dir: string,
  env: NodeJS.ProcessEnv,
  catalogue: readonly CatalogueModel[] = LOCAL_CATALOGUE,
): Promise<{ models: LocalModelStatus[]; otherFiles: string[] }> {
  const models: LocalModelStatus[] = [];
  for (const model of catalogue) {
    const path = modelPath(dir, model);
    models.push({
      ...model,
      url: downloadUrl(model, env),
      path,
      downloaded: (await size(path)) === model.sizeBytes,
      partialBytes: (await size(partialPath(dir, model))) ?? 0,
      isDefault: model.name === DEFAULT_LOCAL_MODEL,
    });
  }
  const known = new Set(catalogue.flatMap((model) => [model.file, `${model.file}.part`]));
  const entries = await readdir(dir).catch(() => [] as string[]);
  const otherFiles = entries
    .filter((entry) => entry.toLowerCase().endsWith('.gguf') && !known.has(entry))
    .map((entry) => join(dir, entry));
  return { models, otherFiles };
}

/** Deletes a catalogue model's file and any unfinished download of it; returns what was deleted. */
export async function removeLocalModel(
  name: string,
  dir: string,
  catalogue: readonly CatalogueModel[] = LOCAL_CATALOGUE,
): Promise<{ model: CatalogueModel; removed: string[]; freedBytes: number }> {
  const model = findCatalogueModel(name, catalogue);
  if (!model) {
    throw new ModelError('configuration', `there is no local model called "${name}"`, {
      hint: `the catalogue has ${catalogue.map((entry) => `${entry.name} (${formatBytes(entry.sizeBytes)})`).join(', ')}`,
    });
  }
  const removed: string[] = [];
  let freedBytes = 0;
  for (const path of [modelPath(dir, model), partialPath(dir, model)]) {
    const bytes = await size(path);
    if (bytes === undefined) continue;
    await rm(path, { force: true });
    removed.push(path);
    freedBytes += bytes;
  }
  return { model, removed, freedBytes };
}
