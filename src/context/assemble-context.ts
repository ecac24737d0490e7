import { existsSync } from 'node:fs';
import { languageForPath } from '../core/languages.js';
import { IndexStore, indexPath } from '../index/index-store.js';
import { buildRepoMap } from '../index/repo-map.js';
import { refreshIndexedFiles, staleIndexedPaths } from '../index/stale-files.js';
import { detectEnvironment } from '../workspace/environment/detect-environment.js';
import { renderEnvironment } from '../workspace/environment/render-environment.js';
import type { Environment } from '../workspace/environment/types.js';
import {
  byPlace,
  type Candidate,
  definitionCandidates,
  inheritedClasses,
  measureCandidate,
  recentCandidates,
  referencesOf,
  retrievedCandidates,
} from './code-candidates/index.js';
import {
  enclosingClassBases,
  identifiersNearCursor,
  importedModules,
  importedNames,
  importStatements,
  weightedReferences,
} from './cursor-identifiers.js';
import { cursorWindow, readCursorFile } from './cursor-window.js';
import { importedDefinitions } from './imported-definitions.js';
import { renderContextForPrompt, snippetHeading } from './render-context.js';
import { enclosingFunction, siblingNames, withSiblingNames } from './sibling-names.js';
import { type SignatureEntry, signatureGroup } from './signature-group.js';
import { clipToTokens, countTokens } from './tokens.js';
import type { AssembleContextOptions, AssembledContext, ContextSnippet } from './types.js';

const ENVIRONMENT_TTL_MS = 30_000;
/** tokens of a section title in the rendered prompt */
const SECTION_OVERHEAD = 16;
/** tokens of the shortest snippet heading and fence (`### a.py:1-1 — …` and the fence lines) */
const MIN_SNIPPET_COST = 24;
/** definitions shown at their full length (up to the candidate's limit); the rest are cut short */
const FULL_DEFINITIONS = 4;
const SHORT_DEFINITION_TOKENS = 48;
const RETRIEVED_TOKENS_WITHOUT_REQUEST = 200;
const environments = new Map<string, { at: number; environment: Environment }>();

async function environmentFor(root: string): Promise<Environment> {
  const cached = environments.get(root);
  if (cached && Date.now() - cached.at < ENVIRONMENT_TTL_MS) return cached.environment;
  const environment = await detectEnvironment(root);
  environments.set(root, { at: Date.now(), environment });
  return environment;
}

function overlaps(a: ContextSnippet, b: ContextSnippet, groups: ReadonlySet<ContextSnippet>): boolean {
  // An outline summarises a class; the full text of one of its members may sit beside it. A group of
  // signatures spans its file, so it keeps clear of every other snippet's lines.
  const placed = a.kind === 'cursor' || b.kind === 'cursor' || groups.has(a) || groups.has(b);
  if (a.outline !== b.outline && !placed) return false;
  return a.path === b.path && a.startLine <= b.endLine && b.startLine <= a.endLine;
}

/**
 * Gathers what a prompt should know for a task at a cursor or for a free request: the code around the
 * cursor, the definitions of what is used or imported near it, the best retrieved chunks, recently edited
 * files, the repo map, the environment and the conversation — de-duplicated, ranked and cut to a budget
 * measured with a real tokenizer. Works without an index (cursor, environment, history only) and says so.
 */
export async function assembleContext(options: AssembleContextOptions): Promise<AssembledContext> {
  let store = options.store;
  const ownStore = !store && existsSync(indexPath(options.workspaceRoot));
  if (ownStore) store = IndexStore.open(options.workspaceRoot);
  try {
    const first = await assembleFrom({ ...options, ...(store ? { store } : {}) }, new Set());
    if (!store) return first.context;
    // What the index says about a file goes into the prompt only while the file is what it indexed: a
    // file deleted or changed since is refreshed in the index, and the context is gathered again from it.
    const stale = staleIndexedPaths(options.workspaceRoot, store, first.paths);
    if (stale.length === 0) return first.context;
    try {
      await refreshIndexedFiles(options.workspaceRoot, store, stale);
    } catch {
      // the index could not be written now (another writer, a read-only file): stale files are left out
    }
    const still = new Set(staleIndexedPaths(options.workspaceRoot, store, stale));
    const second = await assembleFrom({ ...options, store }, still);
    const notice = `${stale.length} file${stale.length > 1 ? 's' : ''} changed since the index was built (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): ${still.size === 0 ? 'refreshed in the index' : 'left out of the context (run `vouch index`)'}`;
    second.context.notices.push(notice);
    return second.context;
  } finally {
    if (ownStore) store?.close();
  }
}

/** One assembly from `options.store` (when set), leaving out the files in `exclude`. */
async function assembleFrom(
  options: AssembleContextOptions,
  exclude: ReadonlySet<string>,
): Promise<{ context: AssembledContext; paths: string[] }> {
  const root = options.workspaceRoot;
  /** every indexed file the context shows something of (snippets and the repo map) */
  const paths: string[] = [];
  const budget = options.budgetTokens ?? 8000;
  const notices: string[] = [];
  const environment =
    options.environment === false ? undefined : (options.environment ?? (await environmentFor(root)));
  let environmentText = environment ? renderEnvironment(environment) : '';
  if (environmentText) environmentText = clipToTokens(environmentText, Math.floor(budget / 6)).text;
  let remaining = budget - (environmentText ? countTokens(environmentText) + SECTION_OVERHEAD : 0);

  const chosen: ContextSnippet[] = [];
  const file = options.cursor ? readCursorFile(root, options.cursor) : undefined;
  let window: ContextSnippet | undefined;
  if (file) {
    window = cursorWindow(
      file,
      Math.min(options.cursorTokens ?? 2000, Math.max(0, remaining - SECTION_OVERHEAD)),
    );
    chosen.push(window);
    remaining -= window.tokens + countTokens(snippetHeading(window)) + SECTION_OVERHEAD;
  }

  const history: ContextSnippet[] = [];
  let historyBudget = Math.floor(budget / 4);
  for (const message of [...(options.history ?? [])].reverse()) {
    const source = `${message.role}: ${message.content}`;
    const tokens = countTokens(source);
    if (tokens > historyBudget || tokens > remaining) break;
    historyBudget -= tokens;
    remaining -= tokens;
    history.unshift({
      kind: 'history',
      path: '',
      startLine: 0,
      endLine: 0,
      source,
      tokens,
      reason: 'conversation so far',
      score: 0,
    });
  }

  const store = options.store;
  let dropped = 0;
  if (store?.rebuiltFrom)
    notices.push(
      `the index was corrupt; it was moved to ${store.rebuiltFrom} and must be rebuilt with \`vouch index\``,
    );
  if (!store || store.isEmpty()) {
    notices.push(
      'the workspace has no index yet: only the cursor, environment and conversation are used (run `vouch index`)',
    );
  } else {
    const candidates: Candidate[] = [];
    const nearCursor = file && window ? identifiersNearCursor(file.lines, file.line, window) : [];
    const fileReferences = file ? referencesOf(store, file.path) : [];
    let identifiers = file ? weightedReferences(fileReferences, nearCursor, file.line) : [];
    const enclosing =
      file && options.useSymbolGraph !== false ? enclosingFunction(file.lines, file.line) : undefined;
    let siblings: Map<string, number> | undefined;
    if (file && enclosing) {
      // What the other definitions of the function being written use (its overrides, other
      // implementations of the same protocol) is likely what this one will use.
      const bases = enclosingClassBases(file.lines, file.line);
      const ancestors = inheritedClasses(store, bases);
      const used = siblingNames(store, { path: file.path, enclosing, ancestors, bases });
      siblings = new Map(used.map((sibling) => [sibling.name, sibling.weight]));
      identifiers = withSiblingNames(identifiers, used);
    }
    if (file && window && options.useSymbolGraph !== false) {
      const statements = importStatements(file.text);
      candidates.push(
        ...definitionCandidates(store, {
          identifiers,
          imported: importedNames(file.text, statements),
          importedModules: importedModules(file.text, statements),
          window,
          baseClasses: enclosingClassBases(file.lines, file.line),
          resolved: importedDefinitions(
            store,
            { path: file.path, language: languageForPath(file.path), text: file.text },
            identifiers.map((identifier) => identifier.name),
          ),
          signals: {
            ...(siblings ? { siblings } : {}),
            enclosing: enclosing?.name,
            cursorLine: file.line,
            ...options.ranking,
          },
        }),
      );
    }
    const query = [
      options.request ?? '',
      // Few identifiers: every OR-ed term of a common word costs a scan of its posting list.
      ...identifiers.slice(0, 6).map((identifier) => identifier.name),
    ].join(' ');
    const index = store; // for the closure: `store` itself is reassignable
    const retrieval = () =>
      retrievedCandidates(index, query, {
        embedModel: options.embedModel,
        weight: options.request ? 1.2 : 0.6,
        maxTokens: options.request ? undefined : RETRIEVED_TOKENS_WITHOUT_REQUEST,
        // Without a request the query is only those identifiers: repeated in every heading, they cost
        // about 15 tokens a snippet and told the model nothing.
        queryLabel: options.request ? undefined : 'names near the cursor',
        onEmbedFailure: (message) => notices.push(message),
      });
    if (options.request) candidates.push(...(await retrieval()));
    candidates.push(...recentCandidates(store, options.recentFiles ?? []));
    candidates.sort((a, b) => b.score - a.score || byPlace(a, b));
    const shown = (list: Candidate[]): Candidate[] =>
      exclude.size === 0 ? list : list.filter((candidate) => !exclude.has(candidate.path));

    const mapShare = options.repoMapTokens ?? Math.min(1024, Math.floor(budget / 8));
    let codeBudget = remaining - mapShare;
    // Section headings of the rendered prompt.
    codeBudget -= SECTION_OVERHEAD;
    remaining -= SECTION_OVERHEAD;
    let definitionsShown = 0;
    // Past the first few definitions, each file's further definitions are gathered as signatures under
    // one heading (path → its groups: a second one only where the first would span a shown snippet).
    const groups = new Map<string, { snippet: ContextSnippet; entries: SignatureEntry[] }[]>();
    const groupSnippets = new Set<ContextSnippet>();
    const clashes = (snippet: ContextSnippet): boolean =>
      chosen.some((other) => overlaps(snippet, other, groupSnippets));
    const place = (list: readonly Candidate[]): void => {
      for (const [position, candidate] of list.entries()) {
        // A snippet's heading alone costs about this much: nothing further down can fit.
        if (codeBudget < MIN_SNIPPET_COST) {
          dropped += list.length - position;
          break;
        }
        const symbol = candidate.symbol;
        if (symbol && definitionsShown >= FULL_DEFINITIONS) {
          const fileGroups = groups.get(candidate.path) ?? [];
          if (fileGroups.some((group) => group.entries.some((entry) => entry.line === symbol.line))) continue;
          let placed = false;
          for (const group of [...fileGroups, undefined]) {
            const entries = [...(group?.entries ?? []), symbol];
            const grown = signatureGroup(candidate.path, entries);
            const others = chosen.filter((other) => other !== group?.snippet);
            if (others.some((other) => overlaps(grown, other, new Set([grown])))) continue;
            placed = true;
            const before = group ? group.snippet.tokens + countTokens(snippetHeading(group.snippet)) : 0;
            const cost = grown.tokens + countTokens(snippetHeading(grown)) - before;
            if (cost > codeBudget) {
              dropped++;
              break;
            }
            if (group) {
              chosen.splice(chosen.indexOf(group.snippet), 1, grown);
              groupSnippets.delete(group.snippet);
              fileGroups.splice(fileGroups.indexOf(group), 1, { snippet: grown, entries });
            } else {
              chosen.push(grown);
              fileGroups.push({ snippet: grown, entries });
            }
            groupSnippets.add(grown);
            groups.set(candidate.path, fileGroups);
            codeBudget -= cost;
            remaining -= cost;
            break;
          }
          if (placed) continue;
        }
        // The whole range first (cheap); a clipped snippet may still fit beside what overlaps its tail.
        const clash = clashes(candidate);
        // Past the first few, a definition shows its signature and first lines only: the API is what a
        // caller needs, and more definitions fit.
        const measured = measureCandidate(
          candidate.kind === 'definition' && definitionsShown >= FULL_DEFINITIONS && !candidate.outline
            ? { ...candidate, maxTokens: Math.min(candidate.maxTokens, SHORT_DEFINITION_TOKENS) }
            : candidate,
        );
        if (measured.tokens === 0) continue;
        if (clash && clashes(measured)) continue;
        // What the snippet costs in the prompt: its text plus its heading and fence.
        const cost = measured.tokens + countTokens(snippetHeading(measured));
        if (cost > codeBudget) {
          dropped++;
          continue;
        }
        chosen.push(measured);
        if (measured.kind === 'definition') definitionsShown++;
        codeBudget -= cost;
        remaining -= cost;
      }
    };
    place(shown(candidates));
    // Without a request, retrieval only echoes the identifiers already resolved to definitions: its
    // matches (shown shorter) fill only what the definitions leave, and the search runs only when
    // something is left. (Ranked among the definitions, they took about a third of the budget and
    // pushed out definitions the code at the cursor uses.)
    if (!options.request && codeBudget >= MIN_SNIPPET_COST) place(shown(await retrieval()));
    if (mapShare > 0 && remaining > 32) {
      const focusIdentifiers = identifiers.slice(0, 20).map((identifier) => identifier.name);
      const map = buildRepoMap(store, {
        tokens: Math.min(remaining, mapShare + Math.max(0, codeBudget)) - SECTION_OVERHEAD,
        countTokens,
        focusFiles: [...(file ? [file.path] : []), ...(options.recentFiles ?? [])],
        focusIdentifiers,
        excludeFiles: [...(file ? [file.path] : []), ...exclude],
      });
      for (const definition of map.definitions) paths.push(definition.path);
      if (map.text) {
        const tokens = countTokens(map.text);
        chosen.push({
          kind: 'repo-map',
          path: '',
          startLine: 0,
          endLine: 0,
          source: map.text,
          tokens,
          reason: `repo map: ${map.definitions.length} definitions ranked by PageRank over references, personalised to the request`,
          score: 0,
        });
      }
    }
  }

  // Prompt order: repo map, code (best first), history, then the cursor last, nearest the answer.
  const ordered = [
    ...chosen.filter((snippet) => snippet.kind === 'repo-map'),
    ...chosen.filter((snippet) => snippet.kind !== 'repo-map' && snippet.kind !== 'cursor'),
    ...history,
    ...chosen.filter((snippet) => snippet.kind === 'cursor'),
  ];
  const context: AssembledContext = {
    workspaceRoot: root,
    snippets: ordered,
    ...(environment ? { environment } : {}),
    environmentText,
    promptTokens: 0,
    budgetTokens: budget,
    dropped,
    notices,
  };
  context.promptTokens = countTokens(renderContextForPrompt(context));
  for (const snippet of chosen) if (snippet.path && snippet.kind !== 'cursor') paths.push(snippet.path);
  return { context, paths };
}
