import { useState } from 'react';
import { evaluate } from 'mathjs';

export default function CalculatorWidget({ initial = '' }) {
  const [expr, setExpr] = useState(initial);
  const [result, setResult] = useState(null);

  const compute = () => {
    try {
      setResult(String(eval(expr)));
    } catch (e) {
      setResult('error');
    }
  };

  const computeMath = () => {
    try {
      setResult(String(evaluate(expr)));
    } catch (e) {
      setResult('error');
    }
  };

  return (
    <div className="calculator">
      <input value={expr} onChange={(e) => setExpr(e.target.value)} aria-label="expression" />
      <button onClick={compute}>=</button>
      <button onClick={computeMath}>= (math)</button>
      {result !== null && <output>{result}</output>}
    </div>
  );
}
