/**
 * The Django regression set of the gate's precision work: every finding vouch's engine reports on Debian's
 * python3-django (859 files), as `file:line rule` lines, so a precision change can be diffed before and
 * after (no real finding may go).   tsx bench/security/real/django-findings.ts [folder] > after.txt
 * (another folder of Python files instead of Django's: the bench corpora, a project)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanSources } from '../../../src/security/index.js';

const DJANGO = process.argv[2] ?? '/usr/lib/python3/dist-packages/django';

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.py') ? [path] : [];
  });
}

const report = await scanSources(
  walk(DJANGO).map((path) => ({
    path: relative(DJANGO, path),
    source: readFileSync(path, 'utf8'),
    language: 'python' as const,
  })),
  { external: false, parallel: false },
);
const lines = report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`).sort();
process.stdout.write(`${lines.join('\n')}\n${lines.length} findings\n`);
