import { useState } from 'react';

type Result = { ok: boolean; value: string };

export function SnippetRunner({ shared }: { shared?: string }) {
  const [code, setCode] = useState(shared ?? '');
  const [result, setResult] = useState<Result | null>(null);

  const run = () => {
    try {
      const value = Function('"use strict"; return (' + code + ')')();
      setResult({ ok: true, value: String(value) });
    } catch (e) {
      setResult({ ok: false, value: String(e) });
    }
  };

  const pretty = () => {
    try {
      setResult({ ok: true, value: JSON.stringify(JSON.parse(code), null, 2) });
    } catch (e) {
      setResult({ ok: false, value: String(e) });
    }
  };

  return (
    <div>
      <textarea value={code} onChange={(e) => setCode(e.target.value)} />
      <button onClick={run}>Run</button>
      <button onClick={pretty}>Format JSON</button>
      {result && <pre className={result.ok ? 'ok' : 'err'}>{result.value}</pre>}
    </div>
  );
}
