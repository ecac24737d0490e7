import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { createServerApp } from '../../server/app.js';
import { CheckPool } from '../../server/check-pool.js';
import { listen } from '../../server/serve.js';
import { readServerSettings } from '../../server/settings.js';
import { describeLocation, openServerStore } from '../../store/record/open-server-store.js';
import { TaskSession, taskNames } from '../../tasks/index.js';
import { databaseLocation } from '../../telemetry/cli-store.js';
import { parseInteger } from '../input.js';
import { action, printJson } from '../output.js';
import { interruptSignal } from '../signals.js';
import { openWorkspace } from '../workspace-setup.js';

interface ServeOptions {
  port?: string;
  host: string;
  config?: string;
  json?: boolean;
  adoptStore?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the team server: every task over HTTP with SSE, tokens, telemetry and an audit log')
    .option('--port <n>', 'TCP port (default 8787; 0: any free port)')
    .option('--host <address>', 'address to listen on (0.0.0.0 to serve the network)', '127.0.0.1')
    .option('--config <file>', 'config file to use in addition to the usual ones')
    .option('--json', 'print one JSON object when listening: {url, host, port, store, tasks}')
    .option(
      '--adopt-store',
      'the existing SQLite store is yours (made by an older vouch, restored): record it and serve it',
    )
    .action(
      action(async (options: ServeOptions) => {
        const port = parseInteger({ name: '--port', value: options.port, min: 0, max: 65_535 }) ?? 8787;
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const settings = readServerSettings(workspace.config);
        const location = databaseLocation(workspace.root);
        const store = await openServerStore(location, { adopt: options.adoptStore === true });
        // completions come again and again, as in the language server: the index stays open and the
        // imports check keeps its sandboxed worker (started by the first check, checked against the disk
        // before every answer: the server hears of no saves)
        const session = new TaskSession(workspace.root, { warm: true });
        // `/v1/check` and `/v1/licence` run on worker threads with a deadline (server/check-pool.ts)
        const checks = new CheckPool({
          workspaceRoot: workspace.root,
          config: workspace.config,
          deadlineMs: settings.checkDeadlineMs,
        });
        const app = createServerApp({
          session,
          checks,
          store,
          workspaceRoot: workspace.root,
          config: workspace.config,
          settings,
          onError: (error) =>
            process.stderr.write(
              `vouch serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
            ),
        });
        let server: Awaited<ReturnType<typeof listen>>;
        try {
          server = await listen(app, { port, host: options.host });
        } catch (error) {
          await checks.close();
          await session.close();
          await store.close();
          const code = (error as { code?: string }).code;
          throw new UsageError(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`, {
            hint:
              code === 'EADDRINUSE'
                ? 'another process uses the port: pick another with --port'
                : 'check --host and --port',
            cause: error,
          });
        }
        await session.ready();
        const users = await store.listUsers();
        const summary = {
          url: server.url,
          host: options.host,
          port: server.port,
          store: describeLocation(location),
          workspace: workspace.root,
          tasks: taskNames(),
          privacy: settings.privacy,
        };
        if (options.json) printJson(summary);
        else {
          process.stderr.write(`vouch serve: listening on ${server.url} (${summary.store})\n`);
          process.stderr.write(`  tasks: ${summary.tasks.join(', ')} · privacy: ${settings.privacy}\n`);
        }
        if (users.length === 0)
          process.stderr.write(
            'vouch serve: no users yet; create the first token with `vouch token create --user NAME --admin`\n',
          );
        if (!LOOPBACK.has(options.host))
          process.stderr.write(
            `vouch serve: serving ${options.host} without TLS: put a TLS-terminating proxy in front of it\n`,
          );
        const interrupt = interruptSignal();
        await new Promise<void>((resolve) => {
          if (interrupt.aborted) resolve();
          else interrupt.addEventListener('abort', () => resolve(), { once: true });
        });
        // a check in flight is stopped (answered 503), not waited for up to its deadline
        await Promise.all([checks.close(), server.close()]);
        await session.close();
        await store.close();
      }),
    );
}
