import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { type IndexCorpusOptions, type IndexCorpusResult, indexCorpus } from './corpus-index.js';
import {
  type CorpusRegistration,
  type FingerprintStore,
  olderRegistrationsNote,
  readRegistrations,
  writeRegistrations,
} from './fingerprint-store.js';
import { openFingerprintStore } from './sqlite-fingerprint-store.js';

/**
 * The corpora a workspace registered, kept consistent between `licence-corpora.json` (what the user
 * asked for) and the fingerprint store (derived). Opening notices a store that lost corpora (corrupt and
 * moved aside, written by another fingerprint scheme, deleted) and re-indexes them when asked to.
 */
export interface OpenedLicenceIndex {
  store: FingerprintStore;
  registrations: CorpusRegistration[];
  /** registered corpora whose fingerprints are not in the store (re-index with `index rebuild`) */
  missing: CorpusRegistration[];
  /** what happened on opening, for the user: corrupt store moved aside, corpora re-indexed */
  notes: string[];
}

export interface OpenLicenceIndexOptions {
  /** re-index registered corpora missing from the store (the CLI does; the generate gate does not) */
  reindex?: boolean;
  onProgress?: (corpus: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function openLicenceIndex(
  root: string,
  options: OpenLicenceIndexOptions = {},
): Promise<OpenedLicenceIndex> {
  const store = openFingerprintStore(root);
  const notes: string[] = [];
  if (store.rebuiltFrom) {
    notes.push(
      `the fingerprint store ${store.file} was corrupt; it was moved aside to ${store.rebuiltFrom} and started empty`,
    );
  }
  if (store.schemeChanged)
    notes.push('the fingerprint store was written by another version of the fingerprinting; it was emptied');
  const registrations = readRegistrations(root);
  const older = olderRegistrationsNote(root);
  if (older) notes.push(older);
  const stored = new Set(store.corpora().map((corpus) => corpus.name));
  let missing = registrations.filter((registration) => !stored.has(registration.name));
  if (missing.length > 0 && options.reindex) {
    for (const registration of missing) {
      if (!existsSync(registration.root)) {
        notes.push(
          `corpus ${registration.name}: its folder ${registration.root} is gone, so it cannot be re-indexed`,
        );
        continue;
      }
      const result = await indexCorpus(store, {
        name: registration.name,
        licence: registration.licence,
        dir: registration.root,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (done, total) => options.onProgress?.(registration.name, done, total),
      });
      notes.push(`corpus ${registration.name} re-indexed from ${registration.root} (${result.files} files)`);
    }
    const now = new Set(store.corpora().map((corpus) => corpus.name));
    missing = registrations.filter((registration) => !now.has(registration.name));
  } else if (missing.length > 0) {
    notes.push(
      `registered corpora not in the fingerprint store: ${missing.map((entry) => entry.name).join(', ')}; run \`vouch licence index rebuild\``,
    );
  }
  return { store, registrations, missing, notes };
}

/** Registers and indexes a corpus (replacing one of the same name). */
export async function addCorpus(
  root: string,
  opened: OpenedLicenceIndex,
  options: IndexCorpusOptions,
): Promise<IndexCorpusResult> {
  if (!/^[\w.@+-]{1,100}$/.test(options.name)) {
    throw new UsageError(`the corpus name "${options.name}" is not usable`, {
      hint: 'use letters, digits and . _ - @ + (up to 100 characters), e.g. --name linux-6.1',
    });
  }
  const result = await indexCorpus(opened.store, options);
  const registrations = readRegistrations(root).filter((entry) => entry.name !== options.name);
  registrations.push({
    name: result.name,
    licence: result.licence,
    root: result.root,
    addedAt: new Date().toISOString(),
  });
  writeRegistrations(
    root,
    registrations.sort((a, b) => a.name.localeCompare(b.name)),
  );
  return result;
}

/** Forgets a corpus: its registration and its fingerprints. */
export function removeCorpus(root: string, opened: OpenedLicenceIndex, name: string): void {
  const registrations = readRegistrations(root);
  const registered = registrations.some((entry) => entry.name === name);
  const stored = opened.store.deleteCorpus(name);
  if (!registered && !stored) {
    const known = registrations.map((entry) => entry.name);
    throw new UsageError(`no corpus named "${name}" is registered`, {
      hint:
        known.length > 0
          ? `registered: ${known.join(', ')}`
          : 'nothing is registered; see `vouch licence index list`',
    });
  }
  writeRegistrations(
    root,
    registrations.filter((entry) => entry.name !== name),
  );
}
