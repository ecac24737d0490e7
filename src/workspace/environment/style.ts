import { createRequire } from 'node:module';
import { parseExternalJsonc } from '../../core/external-data.js';
import type { EnvironmentCollector } from './collector.js';
import { lazySchema } from './lazy-schema.js';

// smol-toml loads only when there is a TOML file to read (most commands and workspaces have none).
const parseToml = (text: string): unknown =>
  (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')).parse(text);

type Table = Record<string, unknown>;

/** Formatters, linters and their main settings: what generated code should look like here. */
export function readStyle(env: EnvironmentCollector, manifest: Table | undefined): void {
  const first = (files: string[]): string | undefined => files.find((file) => env.exists(file));
  const eslint = first([
    'eslint.config.js',
    'eslint.config.mjs',
    'eslint.config.cjs',
    'eslint.config.ts',
    '.eslintrc',
    '.eslintrc.js',
    '.eslintrc.cjs',
    '.eslintrc.json',
    '.eslintrc.yml',
    '.eslintrc.yaml',
  ]);
  if (eslint) env.addStyleTool('eslint', eslint);
  else if (manifest?.eslintConfig) env.addStyleTool('eslint', 'package.json eslintConfig');

  const prettier = first([
    '.prettierrc',
    '.prettierrc.json',
    '.prettierrc.json5',
    '.prettierrc.yml',
    '.prettierrc.yaml',
    '.prettierrc.js',
    '.prettierrc.cjs',
    'prettier.config.js',
    'prettier.config.cjs',
    'prettier.config.mjs',
  ]);
  const prettierConfig = prettier
    ? safeJson(env, prettier)
    : manifest?.prettier && typeof manifest.prettier === 'object'
      ? (manifest.prettier as Table)
      : undefined;
  if (prettier) env.addStyleTool('prettier', prettier);
  else if (manifest?.prettier) env.addStyleTool('prettier', 'package.json prettier');
  if (prettierConfig) {
    const source = prettier ?? 'package.json prettier';
    if (typeof prettierConfig.singleQuote === 'boolean') {
      env.style.quotes = { value: prettierConfig.singleQuote ? 'single' : 'double', source };
    }
    if (typeof prettierConfig.printWidth === 'number')
      env.style.lineLength = { value: prettierConfig.printWidth, source };
    if (typeof prettierConfig.tabWidth === 'number' || typeof prettierConfig.useTabs === 'boolean') {
      env.style.indent = {
        style: prettierConfig.useTabs ? 'tab' : 'space',
        ...(typeof prettierConfig.tabWidth === 'number' ? { size: prettierConfig.tabWidth } : {}),
        source,
      };
    }
  }

  const biome = first(['biome.json', 'biome.jsonc']);
  if (biome) {
    env.addStyleTool('biome', biome);
    const config = safeJson(env, biome) as
      | { formatter?: Table; javascript?: { formatter?: Table } }
      | undefined;
    const formatter = config?.formatter ?? {};
    if (typeof formatter.lineWidth === 'number')
      env.style.lineLength ??= { value: formatter.lineWidth, source: biome };
    if (formatter.indentStyle === 'space' || formatter.indentStyle === 'tab') {
      env.style.indent ??= {
        style: formatter.indentStyle,
        ...(typeof formatter.indentWidth === 'number' ? { size: formatter.indentWidth } : {}),
        source: biome,
      };
    }
    const quote = config?.javascript?.formatter?.quoteStyle;
    if (quote === 'single' || quote === 'double') env.style.quotes ??= { value: quote, source: biome };
  }

  const pyproject = env.read('pyproject.toml');
  let tool: Table = {};
  if (pyproject !== undefined) {
    try {
      tool = ((parseToml(pyproject) as Table).tool ?? {}) as Table;
    } catch {}
  }
  const ruffFile = first(['ruff.toml', '.ruff.toml']);
  if (ruffFile || tool.ruff) {
    const source = ruffFile ?? 'pyproject.toml [tool.ruff]';
    env.addStyleTool('ruff', source);
    let ruff = (tool.ruff ?? {}) as Table;
    if (ruffFile) {
      try {
        ruff = parseToml(env.read(ruffFile) ?? '') as Table;
      } catch {}
    }
    if (typeof ruff['line-length'] === 'number')
      env.style.lineLength ??= { value: ruff['line-length'], source };
  }
  if (tool.black) {
    env.addStyleTool('black', 'pyproject.toml [tool.black]');
    const length = (tool.black as Table)['line-length'];
    if (typeof length === 'number')
      env.style.lineLength ??= { value: length, source: 'pyproject.toml [tool.black]' };
  } else if (env.package('pypi', 'black')?.declared)
    env.addStyleTool('black', env.package('pypi', 'black')!.source);
  if (env.exists('.flake8')) env.addStyleTool('flake8', '.flake8');
  for (const file of ['setup.cfg', 'tox.ini']) {
    const text = env.read(file);
    if (text && /^\[flake8\]/m.test(text)) {
      env.addStyleTool('flake8', file);
      const length = /^max-line-length\s*=\s*(\d+)/m.exec(text.slice(text.indexOf('[flake8]')))?.[1];
      if (length) env.style.lineLength ??= { value: Number(length), source: `${file} [flake8]` };
    }
  }
  if (tool.mypy || env.exists('mypy.ini'))
    env.addStyleTool('mypy', tool.mypy ? 'pyproject.toml [tool.mypy]' : 'mypy.ini');

  readEditorconfig(env);

  if (env.exists('tsconfig.json')) {
    const tsconfig = safeJson(env, 'tsconfig.json') as { compilerOptions?: { strict?: boolean } } | undefined;
    env.addLanguage({ name: 'typescript', source: 'tsconfig.json' });
    const typescript = env.package('npm', 'typescript');
    if (typescript?.version)
      env.addLanguage({ name: 'typescript', version: typescript.version, source: typescript.source });
    env.style.typescriptStrict = {
      value: tsconfig?.compilerOptions?.strict === true,
      source: 'tsconfig.json',
    };
  }
  if (env.exists('.golangci.yml') || env.exists('.golangci.yaml'))
    env.addStyleTool('golangci-lint', '.golangci.yml');
  if (env.exists('rustfmt.toml') || env.exists('.rustfmt.toml')) env.addStyleTool('rustfmt', 'rustfmt.toml');
  if (env.exists('clippy.toml')) env.addStyleTool('clippy', 'clippy.toml');
  if (env.exists('checkstyle.xml')) env.addStyleTool('checkstyle', 'checkstyle.xml');
}

/** A JSON config file is an object; which keys matter is each reader's business. */
const configFile = lazySchema((z) => z.record(z.string(), z.unknown()));

function safeJson(env: EnvironmentCollector, file: string): Table | undefined {
  if (!/\.json5?$|rc$|\.jsonc$/.test(file)) return undefined;
  try {
    return parseExternalJsonc({ text: env.read(file) ?? '{}', schema: configFile(), source: file });
  } catch (error) {
    env.warn(file, error);
    return undefined;
  }
}

/** The `[*]` section (or the first one) of .editorconfig: indentation and line length. */
function readEditorconfig(env: EnvironmentCollector): void {
  const text = env.read('.editorconfig');
  if (text === undefined) return;
  env.addStyleTool('editorconfig', '.editorconfig');
  const sections = text.split(/^\s*\[/m);
  const star = sections.find((section) => section.startsWith('*]')) ?? sections[1] ?? '';
  const get = (key: string): string | undefined =>
    new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, 'm').exec(star)?.[1]?.toLowerCase();
  const style = get('indent_style');
  const size = Number(get('indent_size'));
  if (style === 'space' || style === 'tab') {
    env.style.indent ??= { style, ...(Number.isFinite(size) ? { size } : {}), source: '.editorconfig' };
  }
  const length = Number(get('max_line_length'));
  if (Number.isFinite(length)) env.style.lineLength ??= { value: length, source: '.editorconfig' };
}
