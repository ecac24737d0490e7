export { findPythonInterpreter, type PythonInterpreter } from './python-interpreter.js';
export {
  RUNNABLE_LANGUAGES,
  type RunCodeRequest,
  type RunCodeResult,
  type RunnableLanguage,
  runCode,
} from './run-code.js';
export { isEsmSource, transpileTypeScript } from './transpile-typescript.js';
