import type { ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { errorResult } from './pool-slot.js';
import { runInSandbox } from './run-in-sandbox.js';
import type { SandboxRequest, SandboxResult } from './types.js';

/** An answer on the channel: the request's id, and an error when it failed (the rest is the caller's). */
const SESSION_ANSWER = z.looseObject({ id: z.unknown().optional(), error: z.unknown().optional() });

/**
 * A sandboxed program that answers requests: one JSON object a line on its stdin, each answer a line on
 * its report channel (report-channel.ts) with the same `id`. What it prints is never an answer. A line on
 * the channel without the run's key ends the session: every open request and every later one fails, since
 * something other than the program's driver wrote there.
 */
export interface SandboxSession {
  /** sends `message` with a fresh `id`; resolves with the answer (its `error`, if any, rejects) */
  request<T = Record<string, unknown>>(message: Record<string, unknown>): Promise<T>;
  /** ends stdin and resolves with the run's result once the program and its sandbox are gone */
  close(): Promise<SandboxResult>;
}

export class SandboxSessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxSessionError';
  }
}

export function openSandboxSession(request: Omit<SandboxRequest, 'stdin' | 'report'>): SandboxSession {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let failure: Error | undefined;
  let child: ChildProcess | undefined;
  let closing = false;
  const queued: string[] = [];
  const fail = (error: Error) => {
    failure ??= error;
    for (const entry of pending.values()) entry.reject(failure);
    pending.clear();
  };
  const finished = runInSandbox(
    { ...request, report: true },
    {
      onSpawn(spawned) {
        child = spawned;
        for (const line of queued.splice(0)) spawned.stdin?.write(line);
        if (closing) spawned.stdin?.end();
      },
      onReportLine(payload) {
        if (payload === undefined) {
          fail(new SandboxSessionError("a line without this run's key reached the report channel"));
          return;
        }
        let answer: z.output<typeof SESSION_ANSWER>;
        try {
          answer = parseExternalJson({
            text: payload,
            schema: SESSION_ANSWER,
            source: 'the sandboxed program',
          });
        } catch {
          fail(new SandboxSessionError('an answer on the report channel is not a JSON object'));
          return;
        }
        const waiting = typeof answer.id === 'number' ? pending.get(answer.id) : undefined;
        if (!waiting) return;
        pending.delete(answer.id as number);
        if (typeof answer.error === 'string') waiting.reject(new SandboxSessionError(answer.error));
        else waiting.resolve(answer);
      },
    },
  ).then(
    (result) => {
      fail(
        new SandboxSessionError(
          `the program ended (${result.status}${result.reason ? `: ${result.reason}` : ''}): ${result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400)}`,
        ),
      );
      return result;
    },
    (error: unknown) => {
      // the run could not start (no sandbox for a program that needs the project's view, say)
      fail(error instanceof Error ? error : new Error(String(error)));
      return errorResult(`could not start: ${(error as Error).message}`, false);
    },
  );
  return {
    request<T>(message: Record<string, unknown>): Promise<T> {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const line = `${JSON.stringify({ ...message, id })}\n`;
        if (child) child.stdin?.write(line);
        else queued.push(line);
      });
    },
    async close() {
      closing = true;
      child?.stdin?.end();
      return finished;
    },
  };
}
