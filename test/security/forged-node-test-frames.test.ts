import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runCli } from '../support/run-cli.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 55, node:test: node:test's run() reads each test file's results from that file's process's
 * stdout, as v8-serialized frames, and the candidate runs in that process. A candidate that writes
 * `test:pass` frames for the suite's own tests (name, file and line as declared) and exits 0 got
 * "node:test: 2/2 passed" for wrong code.
 */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const SUITE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from './add.js';

test('adds', () => assert.equal(add(2, 3), 5));
test('adds zero', () => assert.equal(add(0, 4), 4));
`;

/** the frames as node:test's v8-serializer reporter writes them, for the suite's two tests */
const FRAME_WRITER = (exit: string) => `import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

const file = fileURLToPath(new URL('./add.test.js', import.meta.url));
function frame(item) {
  const serializer = new v8.DefaultSerializer();
  serializer.writeHeader();
  const headerLength = serializer.releaseBuffer().length;
  serializer.writeHeader();
  serializer.writeRawBytes(Buffer.alloc(4));
  serializer.writeHeader();
  serializer.writeValue(item);
  const message = serializer.releaseBuffer();
  message.writeUInt32BE(message.length - 4 - headerLength, headerLength);
  return message;
}
[['adds', 5], ['adds zero', 6]].forEach(([name, line], index) => {
  const data = { name, nesting: 0, testNumber: index + 1, details: { duration_ms: 1 }, file, line, column: 1 };
  writeSync(1, frame({ type: 'test:pass', data }));
});
${exit}

export function add(a, b) {
  return a - b;
}
`;

async function check(candidate: string) {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-forge-node-'));
  made.push(dir);
  writeFiles(dir, {
    'vouch.toml': '',
    'package.json': JSON.stringify({ name: 'calc', type: 'module' }),
    'src/add.js': candidate,
    'src/add.test.js': SUITE,
  });
  const result = await runCli(['check', 'src/add.js', '--test', 'src/add.test.js', '--json'], {
    cwd: dir,
    timeoutMs: 180_000,
  });
  const output = result.json<{ status: string; checks: { name: string; status: string }[] }>();
  return { code: result.code, output, text: `${result.stdout}\n${result.stderr}` };
}

describe.skipIf(!sandbox.available)('node:test frames a candidate writes are not a verdict', () => {
  it.each([
    ['process.exit(0)', 'process.exit(0);'],
    ['process.reallyExit(0)', 'process.reallyExit(0);'],
  ])(
    'test:pass frames on stdout, then %s: not verified',
    async (_what, exit) => {
      const forged = await check(FRAME_WRITER(exit));
      expect(forged.output.status, forged.text).not.toBe('pass');
      expect(forged.code, forged.text).toBe(1);
      expect(forged.output.checks.find((entry) => entry.name === 'harness')?.status, forged.text).toBe(
        'fail',
      );
    },
    240_000,
  );
});
