import type { Command } from 'commander';
import {
  createConnection,
  type MessageReader,
  WriteableStreamMessageWriter,
} from 'vscode-languageserver/node';
import { oneWriteStream } from '../../lsp/one-write-stream.js';
import { startLanguageServer } from '../../lsp/server.js';

/** `vouch lsp`: the language server over stdio, for any editor with an LSP client. */
export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .description(
      'the language server (stdio): the gate as diagnostics, quick fixes, the assistant as code actions',
    )
    .option('--stdio', 'talk LSP over stdin/stdout (the default and only transport)')
    .option(
      '--model <provider:name>',
      'the model for tasks (the editor may also pass initializationOptions.model)',
    )
    .option('--json', 'a usage error as one JSON object on stdout (the protocol itself is JSON-RPC)')
    .action((options: { model?: string }) => {
      // Each message to the editor in one write (one-write-stream.ts). stdin goes in as the stream itself,
      // not a reader: only then does the library end the process when the editor closes the pipe (it
      // watches the stream's end and close), so a server whose editor crashed is not left running.
      const connection = createConnection(
        process.stdin as unknown as MessageReader,
        new WriteableStreamMessageWriter(oneWriteStream(process.stdout)),
      );
      startLanguageServer(connection, {
        cwd: process.cwd(),
        model: options.model,
      });
    });
}
