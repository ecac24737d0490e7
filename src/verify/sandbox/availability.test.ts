import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentError } from '../../core/errors.js';

describe('sandbox availability', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
    vi.resetModules();
  });

  it('without bubblewrap: refuses with how to get one, unless the user opts out', async () => {
    process.env.PATH = '/nonexistent-vouch-path';
    vi.resetModules();
    const { requireSandbox, sandboxAvailability } = await import('./availability.js');
    const availability = await sandboxAvailability();
    expect(availability).toMatchObject({ available: false, reason: 'bubblewrap (`bwrap`) is not installed' });
    expect(availability.hint).toMatch(/apt-get install bubblewrap/);
    const refusal = await requireSandbox(false).catch((error: unknown) => error);
    // a fresh module graph (resetModules) has its own EnvironmentError class: compare by name and exit code
    expect(refusal).toMatchObject({ name: 'EnvironmentError', exitCode: 2 });
    expect((refusal as EnvironmentError).hint).toMatch(/--unsafe-no-sandbox/);
    await expect(requireSandbox(true)).resolves.toBe(false);
  });

  it('without bubblewrap, runInSandbox refuses before running anything', async () => {
    process.env.PATH = '/nonexistent-vouch-path';
    vi.resetModules();
    const { runInSandbox } = await import('./run-in-sandbox.js');
    await expect(runInSandbox({ command: ['python3', '-c', 'print(1)'] })).rejects.toThrow(
      /no sandbox to run untrusted code/,
    );
  });
});
