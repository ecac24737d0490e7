import { createRequire } from 'node:module';
import { validateExternal } from '../../core/external-data.js';
import { type EnvironmentCollector, tryRead } from './collector.js';
import { lazySchema } from './lazy-schema.js';

// smol-toml loads only when there is a TOML file to read (most commands and workspaces have none).
const parseToml = (text: string): unknown =>
  (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')).parse(text);

/** Cargo.lock: `[[package]]` tables; the workspace's own crates have no `source`. */
const cargoLockSchema = lazySchema((z) =>
  z.looseObject({
    package: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          version: z.string().optional(),
          source: z.string().optional(),
        }),
      )
      .optional(),
  }),
);

type Table = Record<string, unknown>;

/** Cargo.toml (dependencies, dev-, build- and workspace dependencies) and Cargo.lock, rust-toolchain. */
export function readCargo(env: EnvironmentCollector): void {
  tryRead(env, 'Cargo.toml', (collector, text, source) => {
    const data = parseToml(text) as Table;
    collector.addLanguage({ name: 'rust', source });
    const pkg = (data.package ?? {}) as Table;
    if (typeof pkg['rust-version'] === 'string') {
      collector.addLanguage({ name: 'rust', version: pkg['rust-version'], source: `${source} rust-version` });
    }
    const workspace = (data.workspace ?? {}) as Table;
    const groups: [unknown, boolean][] = [
      [data.dependencies, false],
      [data['build-dependencies'], false],
      [workspace.dependencies, false],
      [data['dev-dependencies'], true],
    ];
    for (const [group, dev] of groups) {
      for (const [key, spec] of Object.entries((group ?? {}) as Table)) {
        const table = typeof spec === 'object' && spec !== null ? (spec as Table) : {};
        const name = typeof table.package === 'string' ? table.package : key;
        const range =
          typeof spec === 'string' ? spec : typeof table.version === 'string' ? table.version : undefined;
        collector.addPackage({
          ecosystem: 'cargo',
          name,
          ...(range ? { range } : {}),
          declared: true,
          dev,
          source,
        });
      }
    }
    collector.addTestFramework('cargo test', source);
  });
  tryRead(env, 'Cargo.lock', (collector, text, source) => {
    const data = validateExternal({ value: parseToml(text), schema: cargoLockSchema(), source });
    for (const entry of data.package ?? []) {
      // Entries without a source are the workspace's own crates.
      if (!entry.name || !entry.version || !entry.source) continue;
      collector.addPackage({
        ecosystem: 'cargo',
        name: entry.name,
        version: entry.version,
        declared: false,
        source,
      });
    }
  });
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    const text = env.read(file);
    if (text === undefined) continue;
    const channel = /channel\s*=\s*"([^"]+)"/.exec(text)?.[1] ?? text.trim().split('\n')[0];
    if (channel) env.addLanguage({ name: 'rust', version: channel, source: file });
  }
}
