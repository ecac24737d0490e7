import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import type { LanguageId } from '../../core/languages.js';
import { addCorpus, openLicenceIndex, removeCorpus } from '../../licence/fingerprints/corpus-registry.js';
import type { LicenceDetails, LicencePolicyView, TaskEvent } from '../../tasks/index.js';
import { runTask } from '../../tasks/run-task.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { languageOf, parseInteger, readInput } from '../input.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { interruptSignal } from '../signals.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

type DependencyReport = NonNullable<LicenceDetails['dependencies']>;
type CodeMatch = NonNullable<LicenceDetails['matches']>[number];

interface CommonOptions {
  json?: boolean;
  config?: string;
}

/**
 * The root program parses options before dispatching, so `vouch licence index list --json` hands `--json`
 * to `licence` (which has one too) instead of `list`. Subcommand actions therefore read their options
 * merged with their ancestors' (`optsWithGlobals`).
 */
function withInherited<Args extends unknown[]>(
  handler: (...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return (...args: Args) => {
    const command = args[args.length - 1] as Command;
    const options = args[args.length - 2] as Record<string, unknown>;
    for (const [key, value] of Object.entries(command.optsWithGlobals()))
      if (options[key] === undefined) options[key] = value;
    return handler(...args);
  };
}

function say(json: boolean | undefined, line: string): void {
  // human lines go to stdout; in --json mode notes go to stderr so stdout stays one JSON object
  (json ? process.stderr : process.stdout).write(`${line}\n`);
}

function printPolicy(policy: LicencePolicyView, sources: string[]): void {
  const lines = [
    `allow   ${policy.allow.join(', ') || '—'}`,
    `review  ${policy.review.join(', ') || '—'}`,
    `deny    ${policy.deny.join(', ') || '—'}`,
    `project ${policy.project ? `${policy.project} (from ${policy.projectSource})` : 'unknown (treated as proprietary)'}`,
    `copies  reported from ${policy.minMatchChars} characters of code`,
  ];
  for (const [name, verdict] of Object.entries(policy.packages)) lines.push(`package ${name}: ${verdict}`);
  lines.push(`config  ${sources.length > 0 ? sources.join(', ') : 'none (defaults)'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printReport(report: DependencyReport): void {
  const rows = report.packages.map((pkg) => [
    pkg.verdict.toUpperCase(),
    pkg.ecosystem,
    `${pkg.name}${pkg.version ? `@${pkg.version}` : ''}${pkg.dev ? ' (dev)' : ''}`,
    pkg.expression ?? '?',
    pkg.category,
    pkg.source,
  ]);
  const widths = [6, 5, 0, 0, 0].map((min, column) =>
    Math.max(min, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.map((cell, column) => (column < 5 ? cell.padEnd(Math.min(widths[column]!, 48)) : cell)).join('  ')}\n`,
    );
  }
  for (const pkg of report.packages) {
    if (pkg.verdict !== 'allow') process.stdout.write(`  ${pkg.verdict}: ${pkg.name}: ${pkg.reason}\n`);
    else if (pkg.problem) process.stdout.write(`  note: ${pkg.name}: ${pkg.problem}\n`);
  }
  if (report.unused.length > 0) {
    // apart, and not in the verdict: the system's packages a --system-site-packages virtualenv merely sees
    process.stdout.write(
      `${report.unused.length} packages the virtualenv sees from the system, neither declared nor imported by the project (not counted):\n`,
    );
    for (const pkg of report.unused)
      process.stdout.write(
        `  ${pkg.name}${pkg.version ? `@${pkg.version}` : ''}  ${pkg.expression ?? '?'}  (would be ${pkg.verdict})\n`,
      );
  }
  for (const warning of report.warnings) process.stdout.write(`  warning: ${warning}\n`);
  const project = report.project
    ? `project licence ${report.project.expression} (${report.project.source})`
    : 'project licence unknown';
  process.stdout.write(
    `${report.packages.length} packages: ${report.summary.allow} allowed, ${report.summary.review} to review, ${report.summary.deny} denied · ${project}\n`,
  );
}

function printMatches(matches: CodeMatch[], file: string): void {
  if (matches.length === 0) {
    process.stdout.write(`${file}: no match in the registered copyleft corpora\n`);
    return;
  }
  for (const match of matches) {
    process.stdout.write(
      `${file} matches ${match.corpus}/${match.file} (${match.licence}): ${Math.round(match.share * 100)}% of the code, ${match.matchedChars} characters\n`,
    );
    for (const region of match.regions) {
      process.stdout.write(
        `  lines ${region.lines[0]}–${region.lines[1]}  ↔  ${match.path}:${region.sourceLines[0]}–${region.sourceLines[1]}  (${region.chars} chars)\n`,
      );
    }
  }
}

async function withIndex<T>(
  json: boolean | undefined,
  run: (opened: Awaited<ReturnType<typeof openLicenceIndex>>, root: string) => Promise<T>,
): Promise<T> {
  const root = findWorkspaceRoot();
  const interrupt = interruptSignal();
  const progress = createProgress({ label: 're-indexing', json: json === true });
  const opened = await openLicenceIndex(root, {
    reindex: true,
    signal: interrupt,
    onProgress: (_corpus, done, total) => {
      progress.setTotal(total);
      progress.update(done);
    },
  });
  for (const note of opened.notes) process.stderr.write(`vouch: ${note}\n`);
  try {
    return await run(opened, root);
  } finally {
    opened.store.close();
  }
}

export function registerLicence(program: Command): void {
  const licence = program
    .command('licence')
    .description('dependency licences against the policy, and copied copyleft code')
    .argument('[dir]', 'project folder (default: the workspace around the current folder)')
    .option('--policy', 'print the licence policy in force and exit')
    .option('--config <file>', 'config file to use in addition to the usual ones')
    .option('--json', 'print one JSON object')
    .action(
      action(async (dir: string | undefined, options: CommonOptions & { policy?: boolean }) => {
        const workspace = openWorkspace({
          ...(options.config ? { config: options.config } : {}),
          ...(dir ? { cwd: resolve(dir) } : {}),
        });
        const root = dir ? resolve(dir) : workspace.root;
        const result = await runTask({
          name: 'licence',
          input: { dependencies: !options.policy },
          host: await cliTaskHost({ ...workspace, root }),
          options: { signal: interruptSignal() },
        });
        const { details } = result;
        const policy = { ...details.policy, configFiles: workspace.configSources };
        if (options.policy) {
          if (options.json) printJson({ policy });
          else printPolicy(details.policy, workspace.configSources);
          return EXIT.ok;
        }
        const report = details.dependencies!;
        const { status, reasons } = result.verification;
        // a manifest that could not be read is not verified: exit 1 as a failed check (w154)
        const exitCode = status === 'pass' ? EXIT.ok : EXIT.findings;
        if (options.json) printJson({ ...report, policy, status, reasons, exitCode });
        else {
          printReport(report);
          if (status === 'unverified') process.stdout.write(`NOT VERIFIED: ${reasons.join('; ')}\n`);
        }
        return exitCode;
      }),
    );

  const index = licence.command('index').description('the copyleft corpora code is compared with');
  index
    .command('add')
    .description('fingerprint a folder of copyleft code and register it')
    .argument('<dir>', 'folder with the corpus sources')
    .requiredOption('--licence <spdx>', 'the corpus licence, e.g. GPL-3.0-only')
    .requiredOption('--name <name>', 'a short name for the corpus')
    .option('--max-file-kb <n>', 'skip files larger than this (default 1024)')
    .option('--json', 'print one JSON object')
    .action(
      withInherited(
        action(
          async (
            dir: string,
            options: { licence: string; name: string; maxFileKb?: string; json?: boolean },
          ) => {
            const maxKb = parseInteger({
              name: '--max-file-kb',
              value: options.maxFileKb,
              min: 1,
              max: 1024 * 1024,
            });
            return withIndex(options.json, async (opened, root) => {
              const interrupt = interruptSignal();
              const progress = createProgress({
                label: `indexing ${options.name}`,
                json: options.json === true,
              });
              const result = await addCorpus(root, opened, {
                name: options.name,
                licence: options.licence,
                dir,
                ...(maxKb ? { maxFileBytes: maxKb * 1024 } : {}),
                signal: interrupt,
                onProgress: (done, total) => {
                  progress.setTotal(total);
                  progress.update(done);
                },
              });
              progress.finish(`${result.files} files`);
              if (options.json) printJson(result);
              else {
                say(
                  false,
                  `${result.replaced ? 'replaced' : 'added'} corpus ${result.name} (${result.licence}): ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB, ${result.fingerprints} fingerprints from ${result.root}`,
                );
                for (const skipped of result.skipped.slice(0, 20))
                  say(false, `  skipped ${skipped.path}: ${skipped.reason}`);
                if (result.skipped.length > 20)
                  say(false, `  … and ${result.skipped.length - 20} more skipped`);
                if (result.files === 0)
                  say(
                    false,
                    '  no source files found: vouch fingerprints files of the languages it knows (see `vouch generate --help` for --lang)',
                  );
              }
              return EXIT.ok;
            });
          },
        ),
      ),
    );
  index
    .command('list')
    .description('list the registered corpora')
    .option('--json', 'print one JSON object')
    .action(
      withInherited(
        action(async (options: { json?: boolean }) =>
          withIndex(options.json, async (opened) => {
            const corpora = opened.store.corpora();
            const missing = opened.missing.map((entry) => ({ ...entry, indexed: false }));
            if (options.json)
              printJson({ corpora: [...corpora.map((entry) => ({ ...entry, indexed: true })), ...missing] });
            else if (corpora.length === 0 && missing.length === 0)
              say(
                false,
                'no corpus registered; add one with `vouch licence index add DIR --licence SPDX --name NAME`',
              );
            else {
              for (const corpus of corpora)
                say(
                  false,
                  `${corpus.name}  ${corpus.licence}  ${corpus.files} files  ${(corpus.bytes / 1e6).toFixed(1)} MB  ${corpus.root}${corpus.skipped ? `  (${corpus.skipped} skipped)` : ''}`,
                );
              for (const entry of missing)
                say(false, `${entry.name}  ${entry.licence}  NOT INDEXED  ${entry.root}`);
            }
            return EXIT.ok;
          }),
        ),
      ),
    );
  index
    .command('remove')
    .description('forget a corpus and its fingerprints')
    .argument('<name>')
    .option('--json', 'print one JSON object')
    .action(
      withInherited(
        action(async (name: string, options: { json?: boolean }) =>
          withIndex(options.json, async (opened, root) => {
            removeCorpus(root, opened, name);
            if (options.json) printJson({ removed: name });
            else say(false, `removed corpus ${name}`);
            return EXIT.ok;
          }),
        ),
      ),
    );
  index
    .command('rebuild')
    .description('re-index every registered corpus from its folder (after a corrupt store or an upgrade)')
    .option('--json', 'print one JSON object')
    .action(
      withInherited(
        action(async (options: { json?: boolean }) => {
          const root = findWorkspaceRoot();
          const before = await openLicenceIndex(root);
          before.store.clear();
          before.store.close();
          return withIndex(options.json, async (opened) => {
            const corpora = opened.store.corpora();
            if (options.json) printJson({ corpora, missing: opened.missing });
            else
              say(
                false,
                `${corpora.length} corpora indexed${opened.missing.length ? `; not indexed: ${opened.missing.map((entry) => entry.name).join(', ')}` : ''}`,
              );
            return opened.missing.length > 0 ? EXIT.usage : EXIT.ok;
          });
        }),
      ),
    );

  licence
    .command('match')
    .description('compare a file (or - for stdin) with the registered copyleft corpora')
    .argument('<file>', 'the file to check, or - to read stdin')
    .option('--lang <language>', 'language of the code (needed for stdin)')
    .option('--min-chars <n>', 'shortest copied stretch reported, in characters of code')
    .option('--config <file>', 'config file to use in addition to the usual ones')
    .option('--json', 'print one JSON object')
    .action(
      withInherited(
        action(async (file: string, options: CommonOptions & { lang?: string; minChars?: string }) => {
          const workspace = openWorkspace(options.config ? { config: options.config } : {});
          const minChars = parseInteger({
            name: '--min-chars',
            value: options.minChars,
            min: 20,
            max: 1_000_000,
          });
          const language: LanguageId = languageOf(file, options.lang);
          const code = readInput(file);
          const progress = createProgress({ label: 're-indexing', json: options.json === true });
          const result = await runTask({
            name: 'licence',
            input: { dependencies: false, code, language, ...(minChars !== undefined ? { minChars } : {}) },
            host: await cliTaskHost(workspace),
            options: {
              signal: interruptSignal(),
              onEvent: (event: TaskEvent) => {
                if (event.type === 'notice') process.stderr.write(`vouch: ${event.message}\n`);
                if (event.type !== 'progress') return;
                progress.setTotal(event.total);
                progress.update(event.done);
              },
            },
          });
          const { details } = result;
          if (details.corpora === 0)
            process.stderr.write(
              'vouch: no copyleft corpus is registered, so nothing can match; add one with `vouch licence index add DIR --licence SPDX --name NAME`\n',
            );
          const matches = details.matches ?? [];
          if (options.json) printJson({ file, language, minChars: details.minChars, matches });
          else printMatches(matches, file === '-' ? '<stdin>' : file);
          return matches.length > 0 ? EXIT.findings : EXIT.ok;
        }),
      ),
    );
}
