/**
 * The `types` check's time on Django (issue 61): mypy on a changed django/utils/text.py, in the sandbox,
 * cold (an empty vouch cache dir) and warm (the same cache dir, a different candidate), through
 * `typesCheck.run` of the tree this script sits in. Run it from two trees (the old code's and the new) in
 * turn to compare; it prints one JSON object per run and the findings, so they can be compared too.
 *
 *   npx tsx bench/change/types-mypy.ts <label> [rounds] [file]   (needs python3-django, mypy and bubblewrap)
 *
 * `file` (default django/utils/text.py, inside a 149-module import cycle mypy rechecks whole) is the one changed.
 *
 * The tree is Debian's python3-django 3.2 (/usr/lib/python3/dist-packages/django, BSD-3-Clause) copied to
 * a temporary folder; the candidates are this script's (a new `initials` function, then a second one).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { typesCheck } from '../../src/verify/index.js';

const DJANGO = '/usr/lib/python3/dist-packages/django';
const label = process.argv[2] ?? 'run';
const rounds = Number(process.argv[3] ?? 1);
const target = process.argv[4] ?? 'django/utils/text.py';
const project = mkdtempSync(join(tmpdir(), 'vouch-bench-mypy-'));
cpSync(DJANGO, join(project, 'django'), { recursive: true });
const original = readFileSync(join(project, target), 'utf8');
const candidates = [
  `${original}\n\ndef initials(text: str) -> str:\n    return "".join(word[0].upper() for word in text.split())\n`,
  `${original}\n\ndef initials(text: str) -> str:\n    return "".join(word[0].upper() for word in text.split())\n\n\ndef shout(text: str) -> int:\n    return text.upper()\n`,
];

for (let round = 0; round < rounds; round++) {
  const cacheHome = mkdtempSync(join(tmpdir(), 'vouch-bench-mypy-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
  for (const [index, code] of candidates.entries()) {
    const started = performance.now();
    const result = await typesCheck.run(
      { code, language: 'python', path: target },
      { workspaceRoot: project, config: {} },
    );
    console.log(
      JSON.stringify({
        label,
        target,
        round,
        run: index === 0 ? 'cold' : 'warm',
        seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
        status: result.status,
        reason: result.reason,
        findings: result.findings.map((finding) => `${finding.line}:${finding.ruleId}`),
        load: loadavg()
          .map((value) => value.toFixed(2))
          .join(' '),
      }),
    );
  }
  rmSync(cacheHome, { recursive: true, force: true });
}
rmSync(project, { recursive: true, force: true });
