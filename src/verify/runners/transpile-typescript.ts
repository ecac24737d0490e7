import { typescript } from '../../core/typescript-compiler.js';

/** Module syntax decides how Node must load the program: `.mjs` for ESM, `.cjs` for CommonJS. */
export function isEsmSource(source: string): boolean {
  return /^\s*(import\s*[\w{*'"]|export\s)/m.test(source) || /\bimport\.meta\b/.test(source);
}

/** Type-strips TypeScript with the compiler's `transpileModule` (no type check; that is the types check). */
export function transpileTypeScript(source: string, fileName = 'main.ts'): string {
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
