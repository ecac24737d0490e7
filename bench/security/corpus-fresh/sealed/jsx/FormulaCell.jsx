import { useMemo } from 'react';
import { Parser } from 'expr-eval';

const parser = new Parser();

export function FormulaCell({ formula, row }) {
  const value = useMemo(() => {
    if (!formula?.startsWith('=')) return formula;
    try {
      const expr = formula.slice(1).replace(/[A-Z]+/g, (col) => `row.${col}`);
      return eval(expr);
    } catch {
      return '#ERR';
    }
  }, [formula, row]);
  return <td>{String(value)}</td>;
}

export function FormulaCellParsed({ formula, row }) {
  const value = useMemo(() => {
    if (!formula?.startsWith('=')) return formula;
    try {
      return parser.evaluate(formula.slice(1), row);
    } catch {
      return '#ERR';
    }
  }, [formula, row]);
  return <td>{String(value)}</td>;
}
