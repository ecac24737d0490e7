import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { RUNNABLE_LANGUAGES, type RunnableLanguage, runCode } from '../../verify/runners/index.js';
import { findWorkspaceRoot } from '../../workspace/root.js';
import { languageOf, readInputBytes } from '../input.js';
import { action, printJson } from '../output.js';
import { interruptSignal } from '../signals.js';

interface SandboxRunOptions {
  lang?: string;
  timeout?: string;
  memory?: string;
  json?: boolean;
  unsafeNoSandbox?: boolean;
}

function positiveNumber(value: string | undefined, flag: string, unit: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${flag} must be a positive number of ${unit}, got \`${value}\``, {
      hint: `for example ${flag} ${unit === 'seconds' ? '10' : '512'}`,
    });
  }
  return number;
}

function runnableLanguage(file: string, lang: string | undefined): RunnableLanguage {
  const language = languageOf(file, lang);
  const runnable = language === 'tsx' ? 'typescript' : language;
  if (!RUNNABLE_LANGUAGES.includes(runnable)) {
    throw new UsageError(`vouch cannot run ${language} in the sandbox yet`, {
      hint: 'the sandbox runs Python, JavaScript and TypeScript',
    });
  }
  return runnable as RunnableLanguage;
}

export function registerSandbox(program: Command): void {
  const sandbox = program.command('sandbox').description('run untrusted code in the bubblewrap sandbox');
  sandbox
    .command('run')
    .description('run a Python, JavaScript or TypeScript file in the sandbox (project mounted read-only)')
    .argument('<file>', 'the program to run (- for standard input, with --lang)')
    .option('--lang <language>', 'python, javascript or typescript (default: from the file extension)')
    .option('--timeout <seconds>', 'wall-time limit', '10')
    .option('--memory <mb>', 'memory limit in MB', '512')
    .option('--json', 'print one JSON object: {status, exitCode, stdout, stderr, durationMs, …}')
    .option('--unsafe-no-sandbox', 'run WITHOUT a sandbox when none is available (the report says so)')
    .action(
      action(async (file: string, options: SandboxRunOptions) => {
        const language = runnableLanguage(file, options.lang);
        const timeoutSeconds = positiveNumber(options.timeout, '--timeout', 'seconds') ?? 10;
        const memoryMb = positiveNumber(options.memory, '--memory', 'MB') ?? 512;
        // The program's bytes as they are: Python decides about its own encoding, exactly as outside
        const code = readInputBytes(
          file,
          'give the path of a Python, JavaScript or TypeScript file (or - for standard input with --lang)',
        );
        // A file inside a project runs where it lives, with the project (read-only) around it.
        let projectDir: string | undefined;
        let targetPath: string | undefined;
        if (file !== '-') {
          const root = findWorkspaceRoot(dirname(resolve(file)));
          const inside = relative(root, resolve(file));
          if (!inside.startsWith('..')) {
            projectDir = root;
            targetPath = inside;
          }
        }
        const interrupt = interruptSignal();
        const result = await runCode({
          language,
          code,
          ...(projectDir ? { projectDir, targetPath } : {}),
          limits: { wallMs: timeoutSeconds * 1000, cpuMs: timeoutSeconds * 1000, memoryMb },
          signal: interrupt,
          unsafeNoSandbox: options.unsafeNoSandbox,
        });
        if (options.json) {
          const { command: _command, ...report } = result;
          printJson(report);
        } else {
          process.stdout.write(result.stdout);
          process.stderr.write(result.stderr);
          const exit =
            result.exitCode === null ? (result.signal ?? 'no exit code') : `exit ${result.exitCode}`;
          process.stderr.write(
            `vouch: ${result.status} (${exit}) in ${Math.round(result.durationMs)} ms, ${result.sandboxed ? 'sandboxed' : 'NOT sandboxed'}${result.truncated ? ', output truncated' : ''}${result.reason && result.status !== 'ok' ? ` — ${result.reason}` : ''}\n`,
          );
          if (!result.sandboxed) process.stderr.write(`vouch: warning: ${result.reason}\n`);
        }
        return result.status === 'ok' ? EXIT.ok : EXIT.findings;
      }),
    );
}
