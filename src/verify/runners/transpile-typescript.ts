import { typescript } from '../../core/typescript-compiler.js';
import { compilerRefusal } from '../checks/compiler-budget.js';

/** Module syntax decides how Node must load the program: `.mjs` for ESM, `.cjs` for CommonJS. */
export function isEsmSource(source: string): boolean {
  return /^\s*(import\s*[\w{*'"]|export\s)/m.test(source) || /\bimport\.meta\b/.test(source);
}

/**
 * Type-strips TypeScript with the compiler's `transpileModule` (no type check; that is the types check).
 * Throws, saying why, on code nested too deep for the compiler to read in reasonable time (compiler-budget.ts).
 */
export function transpileTypeScript(source: string, fileName = 'main.ts'): string {
  const refusal = compilerRefusal(source, fileName);
  if (refusal) throw new Error(refusal);
  const ts = typescript();
  const esm = isEsmSource(source);
  const output = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      jsx: ts.JsxEmit.React,
      esModuleInterop: true,
      sourceMap: false,
    },
    reportDiagnostics: false,
  });
  return output.outputText;
}
