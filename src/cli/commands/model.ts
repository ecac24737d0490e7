import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import {
  DEFAULT_LOCAL_MODEL,
  ensureModelDownloaded,
  findCatalogueModel,
  formatBytes,
  importModelFile,
  LLAMA_PACKAGE,
  LLAMA_VERSION,
  LOCAL_CATALOGUE,
  listLocalModels,
  llamaRuntimeInstalled,
  localModelsDir,
  removeLocalModel,
} from '../../model/index.js';
import { downloadProgress } from '../download-progress.js';
import { action, printJson } from '../output.js';
import { interruptSignal } from '../signals.js';

interface JsonOption {
  json?: boolean;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function registerModel(program: Command): void {
  const model = program
    .command('model')
    .description(`the embedded models: list, download or remove them (the runtime is ${LLAMA_PACKAGE})`);

  model
    .command('list')
    .description('the catalogue of small code models, and which are downloaded')
    .option('--json', 'print one JSON object')
    .action(
      action(async ({ json }: JsonOption) => {
        const dir = localModelsDir(process.env);
        const { models, otherFiles } = await listLocalModels(dir, process.env);
        const runtime = llamaRuntimeInstalled();
        if (json) {
          printJson({
            modelsDir: dir,
            default: DEFAULT_LOCAL_MODEL,
            runtime: { package: LLAMA_PACKAGE, version: LLAMA_VERSION, installed: runtime },
            models: models.map((entry) => ({
              name: entry.name,
              file: entry.file,
              sizeBytes: entry.sizeBytes,
              sha256: entry.sha256,
              licence: entry.licence,
              licenceUrl: entry.licenceUrl,
              quantisation: entry.quantisation,
              parameters: entry.parameters,
              trainedContext: entry.trainedContext,
              scores: entry.scores,
              note: entry.note,
              url: entry.url,
              path: entry.path,
              downloaded: entry.downloaded,
              partialBytes: entry.partialBytes,
              default: entry.isDefault,
            })),
            otherFiles,
          });
          return;
        }
        const rows = [['NAME', 'SIZE', 'LICENCE', 'HUMANEVAL', 'MBPP', 'STATE']];
        for (const entry of models) {
          const state = entry.downloaded
            ? 'downloaded'
            : entry.partialBytes > 0
              ? `partial (${formatBytes(entry.partialBytes)}; pull resumes)`
              : '—';
          rows.push([
            `${entry.name}${entry.isDefault ? ' *' : ''}`,
            formatBytes(entry.sizeBytes),
            entry.licence,
            entry.scores.humanEval.toFixed(1),
            entry.scores.mbpp.toFixed(1),
            state,
          ]);
        }
        const lines = [
          table(rows),
          '',
          `* the default when no model is configured and no Ollama answers`,
          'scores: pass@1 of the full-precision instruct models (Qwen2.5-Coder technical report)',
          `folder: ${dir}`,
          ...otherFiles.map((path) => `also there: ${path} (use it as --model local:${path})`),
          runtime
            ? `runtime: ${LLAMA_PACKAGE} ${LLAMA_VERSION} installed`
            : `runtime: ${LLAMA_PACKAGE} is not installed; \`npm install ${LLAMA_PACKAGE}@${LLAMA_VERSION}\` in the vouch folder adds it`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );

  model
    .command('pull')
    .description('download a catalogue model (resumes an interrupted download; checks size and SHA-256)')
    .argument('[name]', `the model (default: ${DEFAULT_LOCAL_MODEL})`)
    .option('--from <file>', 'take a file downloaded by other means (checked the same way)')
    .option('--json', 'print one JSON object; progress as JSON lines on stderr')
    .action(
      action(async (name: string | undefined, { json, from }: JsonOption & { from?: string }) => {
        const wanted = name ?? DEFAULT_LOCAL_MODEL;
        const entry = findCatalogueModel(wanted);
        if (!entry) {
          throw new UsageError(`there is no local model called "${wanted}"`, {
            hint: `the catalogue has ${LOCAL_CATALOGUE.map((model) => model.name).join(', ')}; see \`vouch model list\``,
          });
        }
        const dir = localModelsDir(process.env);
        if (from) {
          const path = await importModelFile(entry, dir, from);
          if (json)
            printJson({
              name: entry.name,
              path,
              sizeBytes: entry.sizeBytes,
              downloaded: false,
              imported: true,
            });
          else process.stdout.write(`${entry.name}: checked and stored at ${path}\n`);
          return;
        }
        const interrupt = interruptSignal();
        const result = await ensureModelDownloaded({
          model: entry,
          dir,
          env: process.env,
          signal: interrupt,
          onProgress: downloadProgress(json === true),
        });
        if (json) printJson({ name: entry.name, sizeBytes: entry.sizeBytes, imported: false, ...result });
        else
          process.stdout.write(
            result.downloaded
              ? `${entry.name}: downloaded and verified (${formatBytes(entry.sizeBytes)}) at ${result.path}\n`
              : `${entry.name}: already downloaded at ${result.path}\n`,
          );
      }),
    );

  model
    .command('rm')
    .description('delete a downloaded model (and any unfinished download of it)')
    .argument('<name>', 'the model')
    .option('--json', 'print one JSON object')
    .action(
      action(async (name: string, { json }: JsonOption) => {
        const result = await removeLocalModel(name, localModelsDir(process.env));
        if (json) {
          printJson({ name: result.model.name, removed: result.removed, freedBytes: result.freedBytes });
          return;
        }
        process.stdout.write(
          result.removed.length > 0
            ? `${result.model.name}: removed (${formatBytes(result.freedBytes)} freed)\n`
            : `${result.model.name}: was not downloaded; nothing to remove\n`,
        );
      }),
    );
}
