import { useMemo, useState } from 'react';

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parseLoose(text: string): Parsed {
  try {
    return { ok: true, value: eval('(' + text + ')') };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

function parseStrict(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

export default function JsonViewer({ strict = true }: { strict?: boolean }) {
  const [text, setText] = useState(() => new URLSearchParams(location.search).get('doc') ?? '{}');
  const parsed = useMemo(() => (strict ? parseStrict(text) : parseLoose(text)), [text, strict]);
  return (
    <div className="json-viewer">
      <textarea value={text} onChange={(e) => setText(e.target.value)} />
      {parsed.ok ? <pre>{JSON.stringify(parsed.value, null, 2)}</pre> : <p className="error">{parsed.error}</p>}
    </div>
  );
}
