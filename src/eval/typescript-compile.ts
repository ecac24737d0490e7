import type ts from 'typescript';
import { typescript } from '../core/typescript-compiler.js';

/**
 * Type-checks and emits benchmark programs in-process with the TypeScript compiler API, reproducing what
 * the harnesses' `tsc <file>` command lines do (same options, same exit status), without a `tsc` process
 * per sample.
 *
 * - `multipl-e` is MultiPL-E's eval_ts.py: `tsc --target esnext file.ts`; any diagnostic makes tsc exit
 *   non-zero, which MultiPL-E records as a failure.
 * - `mxeval` is mxeval's check_correctness_typescript: `tsc file.ts --target es5 --lib es2016`, where the
 *   program counts as compiled only when tsc exits with 2 (diagnostics present, output emitted). Their test
 *   imports 'assert' with no Node types installed, so there is always a diagnostic; type errors therefore
 *   never fail a sample there, but a clean compile (exit 0) would.
 *
 * Neither harness installs @types packages (MultiPL-E's tests `declare var require: any`), so `types: []`.
 */
export type TsProfile = 'multipl-e' | 'mxeval';

export interface TsDiagnostic {
  code: number;
  message: string;
  /** 1-based line in the program, when the diagnostic has a position */
  line?: number;
  /** a parse error rather than a type error */
  syntactic: boolean;
}

export interface TsCompileResult {
  /** tsc's exit status: 0 clean, 1 errors and nothing emitted, 2 errors and output emitted */
  exitStatus: 0 | 1 | 2;
  /** the harness's verdict on the compile step */
  compiled: boolean;
  /** emitted JavaScript (CommonJS or a plain script) */
  js: string;
  diagnostics: TsDiagnostic[];
}

// targets by the enum's values (ESNext 99, ES5 1): the compiler is loaded on first use, not on import
export const TS_OPTIONS: Record<TsProfile, ts.CompilerOptions> = {
  'multipl-e': { target: 99 satisfies ts.ScriptTarget.ESNext, types: [] },
  mxeval: { target: 1 satisfies ts.ScriptTarget.ES5, lib: ['lib.es2016.d.ts'], types: [] },
};

const ROOT = '/vouch-eval/';
const libCache = new Map<string, ts.SourceFile | undefined>();

function hostFor(options: ts.CompilerOptions, files: Map<string, string>, emitted: Map<string, string>) {
  const ts = typescript();
  const host = ts.createCompilerHost(options);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion);
    // The library files are parsed once per process and shared by every program: they are immutable.
    const key = `${options.target}:${fileName}`;
    if (!libCache.has(key)) libCache.set(key, readLib(fileName, languageVersion, onError, shouldCreate));
    return libCache.get(key);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  host.readFile = (
    (readFile) => (fileName: string) =>
      files.get(fileName) ?? readFile(fileName)
  )(host.readFile.bind(host));
  host.writeFile = (fileName, text) => emitted.set(fileName, text);
  host.getCurrentDirectory = () => ROOT;
  return host;
}

function toDiagnostic(diagnostic: ts.Diagnostic, syntactic: boolean): TsDiagnostic {
  const ts = typescript();
  const line =
    diagnostic.file && diagnostic.start !== undefined
      ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
      : undefined;
  return {
    code: diagnostic.code,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
    ...(line !== undefined ? { line } : {}),
    syntactic,
  };
}

/** Compiles the programs in one compiler Program (they must not share a global scope: modules only). */
function compileTogether(texts: readonly string[], profile: TsProfile): TsCompileResult[] {
  const ts = typescript();
  const options = TS_OPTIONS[profile];
  const files = new Map(texts.map((text, index) => [`${ROOT}p${index}.ts`, text]));
  const emitted = new Map<string, string>();
  const program = ts.createProgram([...files.keys()], options, hostFor(options, files, emitted));
  const shared = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((diagnostic) =>
    toDiagnostic(diagnostic, false),
  );
  return [...files.keys()].map((name) => {
    const sourceFile = program.getSourceFile(name)!;
    const syntactic = program.getSyntacticDiagnostics(sourceFile).map((d) => toDiagnostic(d, true));
    const semantic = program.getSemanticDiagnostics(sourceFile).map((d) => toDiagnostic(d, false));
    const emit = program.emit(sourceFile);
    const diagnostics = [...shared, ...syntactic, ...semantic];
    const js = emitted.get(name.replace(/\.ts$/, '.js')) ?? '';
    const exitStatus: 0 | 1 | 2 = diagnostics.length === 0 ? 0 : emit.emitSkipped ? 1 : 2;
    const compiled = profile === 'mxeval' ? exitStatus === 2 : exitStatus === 0;
    return { exitStatus, compiled, js, diagnostics };
  });
}

/** Whether a program can share a compiler Program with others: a module that does not touch the globals. */
function isIsolatedModule(text: string): boolean {
  const ts = typescript();
  const sourceFile = ts.createSourceFile('probe.ts', text, ts.ScriptTarget.ESNext, false);
  return ts.isExternalModule(sourceFile) && !/\bdeclare\s+global\b/.test(text);
}

/**
 * Compiles each program as its own `tsc file.ts` would. Modules are checked many to a Program (they cannot
 * see each other); scripts share the global scope, so each gets its own Program (with the parsed library
 * files shared), since two scripts' top-level declarations would otherwise collide.
 */
export function compileTypeScript(
  texts: readonly string[],
  profile: TsProfile,
  batch = 64,
): TsCompileResult[] {
  const results: TsCompileResult[] = new Array(texts.length);
  const modules: number[] = [];
  texts.forEach((text, index) => {
    if (isIsolatedModule(text)) modules.push(index);
    else results[index] = compileTogether([text], profile)[0]!;
  });
  for (let start = 0; start < modules.length; start += batch) {
    const indices = modules.slice(start, start + batch);
    compileTogether(
      indices.map((index) => texts[index]!),
      profile,
    ).forEach((result, offset) => {
      results[indices[offset]!] = result;
    });
  }
  return results;
}
