import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type ts from 'typescript';
import { z } from 'zod';
import type { CheckContext, CheckSubject, Finding } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { shippedText } from '../../core/package-root.js';
import { typescript } from '../../core/typescript-compiler.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import { declaredPackages } from './declared-packages.js';
import { closestNames, didYouMean } from './did-you-mean.js';
import { collectModuleUses, type ModuleUse, packageName } from './javascript-imports.js';
import { hasTargetPath, sandboxDecision, subjectFile } from './support.js';

const BUILTINS = new Set(builtinModules);

/** The runtime probe prints the module's export names, `{error}` when it cannot load it, or nothing. */
const runtimeProbeOutput = z.union([z.array(z.string()), z.looseObject({ error: z.string() }), z.null()]);
/** An installed package's manifest: only its version is read here. */
const installedManifest = z.looseObject({ version: z.string().optional().catch(undefined) });

interface ModuleExports {
  names: Set<string>;
  /** `export =` (CommonJS): a default import is fine with esModuleInterop */
  exportEquals: boolean;
  source: 'types' | 'runtime';
}

/** The package.json of `name` seen from `fromDir`, walking up through node_modules as Node does. */
function findPackageJson(name: string, fromDir: string, root: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir || !dir.startsWith(root)) return undefined;
    dir = parent;
  }
}

/** Exports from the package's type declarations, through the compiler's own module resolution. */
function exportsFromTypes(specifier: string, containingFile: string): ModuleExports | undefined {
  const ts = typescript();
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    allowJs: false,
    noEmit: true,
    skipLibCheck: true,
    // Only the names a module exports are needed, not a type check: skipping the default lib saves seconds.
    noLib: true,
    types: [],
  };
  const resolved = ts.resolveModuleName(specifier, containingFile, options, ts.sys).resolvedModule;
  if (!resolved?.resolvedFileName.match(/\.d\.[cm]?ts$/)) return undefined;
  const program = ts.createProgram([resolved.resolvedFileName], options);
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(resolved.resolvedFileName);
  const symbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
  if (!symbol) return undefined;
  const names = new Set(checker.getExportsOfModule(symbol).map((exported) => exported.getName()));
  const exportEquals = symbol.exports?.has(ts.InternalSymbolName.ExportEquals) ?? false;
  if (exportEquals) {
    const target = checker.getExportSymbolOfSymbol(
      symbol.exports?.get(ts.InternalSymbolName.ExportEquals) as ts.Symbol,
    );
    const type = checker.getTypeOfSymbol(target);
    for (const property of type.getProperties()) names.add(property.getName());
  }
  return { names, exportEquals, source: 'types' };
}

/** Without type declarations: load the package in the sandbox and list what it exports at runtime. */
async function exportsAtRuntime(
  specifier: string,
  root: string,
  context: CheckContext,
): Promise<ModuleExports | undefined> {
  const decision = await sandboxDecision(context);
  if (!decision.allowed) return undefined;
  const result = await runInSandbox({
    command: ['node', '--input-type=module', '-e', shippedText('node/runtime-exports-probe.mjs'), specifier],
    projectDir: root,
    cwd: root,
    limits: { wallMs: 20_000 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    signal: context.signal,
  });
  if (result.status !== 'ok') return undefined;
  const parsed = parseExternalJson({
    text: result.stdout.trim() || 'null',
    schema: runtimeProbeOutput,
    source: 'the JavaScript export probe',
  });
  if (!Array.isArray(parsed)) return undefined;
  return { names: new Set(parsed), exportEquals: true, source: 'runtime' };
}

export interface JavaScriptImportReport {
  findings: Finding[];
  details: Record<string, unknown>;
}

/** The hallucination check for JavaScript/TypeScript: packages in node_modules and their exports. */
export async function checkJavaScriptImports(
  subject: CheckSubject,
  context: CheckContext,
): Promise<JavaScriptImportReport> {
  const ts = typescript();
  const root = context.workspaceRoot;
  const file = subjectFile(subject.path);
  const extension = subject.language === 'tsx' ? '.tsx' : subject.language === 'typescript' ? '.ts' : '.js';
  const containingFile = hasTargetPath(subject.path)
    ? join(root, subject.path)
    : join(root, `__vouch_check__${extension}`);
  const uses = collectModuleUses(subject.code, containingFile);
  // the other files of a change across files exist for the code that imports them (CheckSubject.overlay)
  const added = new Set(Object.keys(subject.overlay ?? {}).map((path) => resolve(join(root, path))));
  const overlaid: ts.ModuleResolutionHost =
    added.size > 0
      ? { ...ts.sys, fileExists: (name) => added.has(resolve(name)) || ts.sys.fileExists(name) }
      : ts.sys;
  const declared = await declaredPackages(root, 'npm');
  const findings: Finding[] = [];
  const checked: Record<string, unknown>[] = [];
  const reportedPackages = new Set<string>();

  for (const use of uses) {
    const specifier = use.specifier.replace(/^node:/, '');
    if (
      use.specifier.startsWith('node:') ||
      BUILTINS.has(specifier) ||
      BUILTINS.has(packageName(specifier))
    ) {
      await checkNames({
        use,
        exported: await builtinExports(use.specifier),
        label: `node:${specifier}`,
        findings,
        file,
      });
      continue;
    }
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      if (!hasTargetPath(subject.path) && specifier.startsWith('.')) {
        // Code with no place in the project (a chat answer, stdin): a relative path means nothing yet.
        findings.push({
          ruleId: 'import-unplaced',
          file,
          line: use.line,
          column: use.column,
          severity: 'info',
          message: `\`${use.specifier}\` is relative, and the code has no place in the project, so it was not checked`,
          hint: 'give the path the code is for (`vouch check - --path src/x.ts`, `generate --file`) to check relative imports',
        });
        continue;
      }
      const resolved = ts.resolveModuleName(
        use.specifier,
        containingFile,
        {
          moduleResolution: ts.ModuleResolutionKind.Bundler,
          module: ts.ModuleKind.ESNext,
          allowJs: true,
          resolveJsonModule: true,
        },
        overlaid,
      ).resolvedModule;
      if (!resolved) {
        findings.push({
          ruleId: 'import-missing',
          file,
          line: use.line,
          column: use.column,
          severity: 'high',
          message: `\`${use.specifier}\` does not resolve to a file in the project`,
          hint: 'check the path; the module the code imports does not exist',
        });
      }
      continue;
    }
    const name = packageName(specifier);
    const manifestPath = findPackageJson(name, dirname(containingFile), root);
    if (!manifestPath) {
      if (reportedPackages.has(name)) continue;
      reportedPackages.add(name);
      const typesOnly = findPackageJson(
        `@types/${name.replace(/^@/, '').replace('/', '__')}`,
        dirname(containingFile),
        root,
      );
      findings.push({
        ruleId: 'import-missing',
        file,
        line: use.line,
        column: use.column,
        severity: typesOnly && use.typeOnly ? 'low' : 'high',
        message: `package \`${name}\` is not installed in ${join(root, 'node_modules')}`,
        hint: declared.names.has(name)
          ? `\`${name}\` is declared in package.json but not installed: run \`npm install\``
          : `if the package is real, add it with \`npm install ${name}\`; otherwise the import is invented`,
      });
      continue;
    }
    const manifest = parseExternalJson({
      text: readFileSync(manifestPath, 'utf8'),
      schema: installedManifest,
      source: manifestPath,
    });
    const label = `${name}${manifest.version ? ` ${manifest.version}` : ''}`;
    if (!declared.names.has(name) && !reportedPackages.has(name)) {
      reportedPackages.add(name);
      findings.push({
        ruleId: 'import-undeclared',
        file,
        line: use.line,
        column: use.column,
        severity: 'medium',
        message: `\`${name}\` is installed (${label}) but not a declared dependency in package.json`,
        hint: `declare it: \`npm install ${name}${manifest.version ? `@^${manifest.version}` : ''}\``,
      });
    }
    if (use.names.length === 0) {
      checked.push({ package: name, version: manifest.version, exports: 'not needed' });
      continue;
    }
    const exported =
      exportsFromTypes(use.specifier, containingFile) ??
      (await exportsAtRuntime(use.specifier, root, context));
    checked.push({ package: name, version: manifest.version, exports: exported?.source ?? 'unknown' });
    if (exported) await checkNames({ use, exported, label, findings, file });
  }
  return { findings, details: { packages: checked } };
}

async function builtinExports(specifier: string): Promise<ModuleExports | undefined> {
  try {
    // Node's own built-in modules: loading them runs no project or generated code.
    const loaded = (await import(specifier.startsWith('node:') ? specifier : `node:${specifier}`)) as Record<
      string,
      unknown
    >;
    return { names: new Set(Object.keys(loaded)), exportEquals: true, source: 'runtime' };
  } catch {
    return undefined;
  }
}

async function checkNames({
  use,
  exported,
  label,
  findings,
  file,
}: {
  use: ModuleUse;
  exported: ModuleExports | undefined;
  label: string;
  findings: Finding[];
  file: string;
}): Promise<void> {
  if (!exported) return;
  const seen = new Set<string>();
  for (const imported of use.names) {
    if (seen.has(`${imported.name}:${imported.line}:${imported.column}`)) continue;
    seen.add(`${imported.name}:${imported.line}:${imported.column}`);
    if (exported.names.has(imported.name)) continue;
    if (imported.name === 'default' && (exported.exportEquals || exported.source === 'runtime')) continue;
    const suggestions = closestNames(
      imported.name,
      [...exported.names].filter((name) => name !== 'default'),
    );
    findings.push({
      ruleId: 'api-missing',
      file,
      line: imported.line,
      column: imported.column,
      severity: 'high',
      message:
        imported.name === 'default'
          ? `${label} has no default export${didYouMean(suggestions)}`
          : `${label} has no export \`${imported.name}\`${didYouMean(suggestions)}`,
      hint: `exports of ${label}: ${[...exported.names].slice(0, 12).join(', ')}${exported.names.size > 12 ? ', …' : ''}`,
    });
  }
}
