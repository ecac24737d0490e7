/**
 * What a test file of the unit tier may not leave changed for the files after it: they share their worker
 * (`isolate: false` in vitest.config.ts), so a working directory, an environment variable or fake timers
 * left behind would change what the next file sees. `unit-tier-guard.ts` takes the state as each file
 * begins and fails the file that ends with it changed.
 */
export interface ProcessState {
  cwd: string;
  env: ReadonlyMap<string, string | undefined>;
}

export const processState = (): ProcessState => ({
  cwd: process.cwd(),
  env: new Map(Object.entries(process.env)),
});

/** What differs from `before` to `after`: the working directory, and the variables by name, never by value. */
export function stateChanges(before: ProcessState, after: ProcessState): string[] {
  const changes: string[] = [];
  if (after.cwd !== before.cwd) changes.push(`the working directory (${before.cwd} → ${after.cwd})`);
  const names = [...new Set([...before.env.keys(), ...after.env.keys()])].sort();
  const added = names.filter((name) => !before.env.has(name));
  const removed = names.filter((name) => !after.env.has(name));
  const changed = names.filter(
    (name) => before.env.has(name) && after.env.has(name) && before.env.get(name) !== after.env.get(name),
  );
  if (added.length > 0) changes.push(`environment variables added: ${added.join(', ')}`);
  if (removed.length > 0) changes.push(`environment variables removed: ${removed.join(', ')}`);
  if (changed.length > 0) changes.push(`environment variables changed: ${changed.join(', ')}`);
  return changes;
}

/** Puts the working directory and the environment back as `state` had them. */
export function restoreState(state: ProcessState): void {
  if (process.cwd() !== state.cwd) process.chdir(state.cwd);
  for (const name of Object.keys(process.env)) if (!state.env.has(name)) delete process.env[name];
  for (const [name, value] of state.env) if (value !== undefined) process.env[name] = value;
}
