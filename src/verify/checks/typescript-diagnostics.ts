import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type ts from 'typescript';
import type { Finding, Severity } from '../../core/check.js';
import { typescript } from '../../core/typescript-compiler.js';
import { compilerRefusal } from './compiler-budget.js';

export interface TypeScriptReport {
  findings: Finding[];
  tsconfig?: string;
  /** why nothing was checked */
  skipped?: string;
  /** why the code was not handed to the compiler although it applies (compiler-budget.ts): not verified */
  refused?: string;
}

// by the enum's values (Warning 0, Error 1, Suggestion 2, Message 3): the compiler is loaded on first use
const SEVERITY: Record<ts.DiagnosticCategory, Severity> = {
  1: 'high',
  0: 'medium',
  2: 'low',
  3: 'info',
};

function loadOptions(
  root: string,
  fileName: string,
): { options: ts.CompilerOptions; declarations: string[]; tsconfig?: string } {
  const ts = typescript();
  const tsconfig =
    ts.findConfigFile(dirname(fileName), ts.sys.fileExists, 'tsconfig.json') ??
    ts.findConfigFile(dirname(fileName), ts.sys.fileExists, 'jsconfig.json');
  if (!tsconfig || !resolve(tsconfig).startsWith(resolve(root))) {
    return {
      options: {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        skipLibCheck: true,
      },
      declarations: [],
    };
  }
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, dirname(tsconfig));
  // The project's own global declarations (e.g. src/env.d.ts) are part of what the file sees.
  const declarations = parsed.fileNames.filter((name) => /\.d\.[cm]?ts$/.test(name));
  return { options: parsed.options, declarations, tsconfig };
}

/**
 * Parsed declaration files (the default libs, node_modules .d.ts) kept across checks in one process: they
 * do not change while vouch runs, and parsing lib.*.d.ts again is most of a type check's time.
 */
const declarationCache = new Map<string, ts.SourceFile>();

/**
 * Type-checks one file against the project with the compiler API, in-process: the project's tsconfig and
 * node_modules, with the candidate served from memory at its target path (the user's file is untouched).
 * Only the candidate's own diagnostics are reported.
 */
export function typeCheckTypeScript({
  root,
  relativePath,
  code,
  javascript,
  overlay = {},
}: {
  root: string;
  relativePath: string;
  code: string;
  javascript: boolean;
  overlay?: Record<string, string>;
}): TypeScriptReport {
  const ts = typescript();
  const fileName = resolve(join(root, relativePath));
  // the other files of a change across files, served from memory as the candidate is
  const served = new Map(Object.entries(overlay).map(([path, text]) => [resolve(join(root, path)), text]));
  served.set(fileName, code);
  const { options, declarations, tsconfig } = loadOptions(root, fileName);
  // JavaScript is type-checked only where the project asked for it, as tsc itself would.
  if (javascript && !options.checkJs) {
    return {
      findings: [],
      skipped: 'the project does not type-check JavaScript (no `checkJs` in its tsconfig/jsconfig)',
    };
  }
  const refused = compilerRefusal(code, fileName);
  if (refused) return { findings: [], refused, ...(tsconfig ? { tsconfig } : {}) };
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    incremental: false,
    composite: false,
    ...(javascript ? { allowJs: true } : {}),
  };
  const host = ts.createCompilerHost(compilerOptions, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const memory = served.get(resolve(name));
    if (memory !== undefined) return ts.createSourceFile(name, memory, languageVersion, true);
    const cacheable =
      /\.d\.[cm]?ts$/.test(name) && (name.includes('/node_modules/') || name.includes('/typescript/lib/'));
    if (!cacheable) return getSourceFile(name, languageVersion, onError, shouldCreate);
    const key = `${typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion}:${name}`;
    let sourceFile = declarationCache.get(key);
    if (!sourceFile) {
      sourceFile = getSourceFile(name, languageVersion, onError, shouldCreate);
      if (sourceFile) declarationCache.set(key, sourceFile);
    }
    return sourceFile;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => served.has(resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => served.get(resolve(name)) ?? readFile(name);
  const program = ts.createProgram({
    rootNames: [fileName, ...declarations],
    options: compilerOptions,
    host,
  });
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) return { findings: [], ...(tsconfig ? { tsconfig } : {}) };
  const diagnostics = [
    ...program.getSyntacticDiagnostics(sourceFile),
    ...program.getSemanticDiagnostics(sourceFile),
  ];
  const findings = diagnostics.map((diagnostic): Finding => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const end = sourceFile.getLineAndCharacterOfPosition((diagnostic.start ?? 0) + (diagnostic.length ?? 0));
    return {
      ruleId: `TS${diagnostic.code}`,
      file: relativePath,
      line: line + 1,
      column: character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: SEVERITY[diagnostic.category],
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      hint: hintFor(diagnostic.code),
      tool: 'tsc',
    };
  });
  return { findings, ...(tsconfig ? { tsconfig } : {}) };
}

function hintFor(code: number): string {
  switch (code) {
    case 2304:
    case 2552:
      return 'the name is not defined or imported; import it or use one that exists';
    case 2307:
      return 'the module or its type declarations are not installed; install it (and @types/… if needed)';
    case 2339:
    case 2551:
      return 'the property does not exist on this type in the installed version';
    case 2345:
    case 2322:
      return 'the value does not have the type the code needs; convert it or change the call';
    default:
      return 'fix the type error the compiler reports';
  }
}

export function hasTsconfig(root: string): boolean {
  return existsSync(join(root, 'tsconfig.json'));
}
