import vm from 'node:vm';
import { Parser } from 'expr-eval';

export type Row = Record<string, number>;

const parser = new Parser();

export function evaluateColumn(formula: string, row: Row): number {
  const fn = new Function(...Object.keys(row), `return (${formula});`);
  return Number(fn(...Object.values(row)));
}

export function evaluateColumnSandboxed(formula: string, row: Row): number {
  const script = new vm.Script(`(${formula})`);
  return Number(script.runInNewContext({ ...row }, { timeout: 20 }));
}

export function evaluateColumnParsed(formula: string, row: Row): number {
  return parser.parse(formula).evaluate(row);
}

export function delayedRefresh(callback: () => void, ms: number) {
  setTimeout(callback, ms);
}

export function delayedScript(code: string, ms: number) {
  setTimeout(code as unknown as () => void, ms);
}
