import React, { useMemo, useState } from 'react';
import { Parser } from 'expr-eval';

const parser = new Parser();

export default function PivotTable({ rows }) {
  const [formula, setFormula] = useState(() => new URLSearchParams(location.search).get('f') || 'price * qty');

  const computed = useMemo(() => {
    const fn = new Function('row', 'with (row) { return ' + formula + '; }');
    return rows.map((r) => fn(r));
  }, [rows, formula]);

  const computedSafe = useMemo(() => {
    const expr = parser.parse(formula);
    return rows.map((r) => expr.evaluate(r));
  }, [rows, formula]);

  return (
    <table>
      <caption>
        <input value={formula} onChange={(e) => setFormula(e.target.value)} />
      </caption>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}><td>{r.name}</td><td>{computed[i]}</td><td>{computedSafe[i]}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
