/**
 * A setup file for `cpu-by-file.config.ts`: before the test file is imported, its worker moves into a
 * cgroup named after the file (under `SUITE_CPU_CGROUP`), and after its last hook back to the parent, so the
 * file's CPU and its children's (born in its cgroup, wherever they are reparented) are counted apart from
 * the files that share the worker. Without `SUITE_CPU_CGROUP` it does nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, expect } from 'vitest';

const parent = process.env.SUITE_CPU_CGROUP;
const file = expect.getState().testPath;
if (parent && file) {
  const name = relative(process.cwd(), file).replaceAll('/', '__');
  const group = join(parent, name);
  mkdirSync(group, { recursive: true });
  writeFileSync(join(group, 'cgroup.procs'), String(process.pid));
  afterAll(() => writeFileSync(join(parent, 'cgroup.procs'), String(process.pid)));
}
