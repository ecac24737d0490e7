import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from './temp-project.js';

/**
 * A project for the language server's tests of a slow whole gate (issue 60): its mypy, `.venv/bin/mypy`
 * (where the types check looks first), is a script that waits until the test releases it, so what the
 * server publishes before and after the slow check is decided by the test, never by timing. The release
 * is a file in `signals/`, a folder there from the start: a file made at the project's top level after
 * the mypys started was not seen from inside their sandboxes (they waited out their limit).
 */
export interface SlowMypyProject {
  /** the project's folder (a git checkout, `.git` made) */
  root: string;
  /** the script standing in for mypy: `.venv/bin/mypy` */
  mypy: string;
  /** the file whose presence lets a mypy finish (`release` makes it) */
  releaseFile: string;
  /** lets every mypy waiting now or later finish */
  release(): void;
  /** makes the mypys started from now on wait again */
  hold(): void;
  /** releases the mypys and removes the folder */
  remove(): void;
}

export interface SlowMypyOptions {
  /** the temporary folder's prefix, `vouch-lsp-…-` */
  prefix: string;
  /** the project's files besides the mypy (relative path → text) */
  files?: Record<string, string>;
  /**
   * what a released mypy reports: `'finding'`, one error on the first line of the file it checks whose
   * message holds "slow mypy" (see `mypySpoke`), exit 1; `'clean'`, nothing, exit 0
   */
  answer: 'finding' | 'clean';
  /** how long a mypy waits at the most when nobody releases it, under the sandbox's 60 s limit */
  waitSeconds: number;
}

/** Whether a diagnostic is the released mypy's finding. */
export const mypySpoke = (diagnostic: { message: string | { value: string } }): boolean =>
  (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value).includes(
    'slow mypy',
  );

export function slowMypyProject(options: SlowMypyOptions): SlowMypyProject {
  const made: string[] = [];
  const root = tempProject(options.prefix, options.files ?? {}, made);
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  mkdirSync(join(root, 'signals'));
  const released = join(root, 'signals', 'mypy-may-finish');
  const mypy = join(root, '.venv/bin/mypy');
  const answer =
    options.answer === 'finding'
      ? ['echo "$file:1:1: error: the slow mypy has spoken  [misc]"', 'exit 1']
      : ['exit 0'];
  writeFileSync(
    mypy,
    [
      '#!/bin/sh',
      // the file checked is the last argument
      'for arg; do file="$arg"; done',
      'i=0',
      `while [ ! -e '${released}' ] && [ "$i" -lt ${options.waitSeconds * 10} ]; do sleep 0.1; i=$((i + 1)); done`,
      ...answer,
      '',
    ].join('\n'),
  );
  chmodSync(mypy, 0o755);
  const release = () => writeFileSync(released, '');
  return {
    root,
    mypy,
    releaseFile: released,
    release,
    hold: () => rmSync(released, { force: true }),
    remove: () => {
      release();
      for (const path of made) rmSync(path, { recursive: true, force: true });
    },
  };
}
