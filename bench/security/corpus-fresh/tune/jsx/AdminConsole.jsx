import { useState } from 'react';
import { api } from '../api';

export default function AdminConsole({ context }) {
  const [script, setScript] = useState(() => new URLSearchParams(window.location.search).get('snippet') || '');
  const [output, setOutput] = useState('');

  const run = async () => {
    const fn = new Function('ctx', 'api', script);
    const value = await fn(context, api);
    setOutput(JSON.stringify(value, null, 2));
  };

  const runSaved = async (name) => {
    const { data } = await api.get(`/admin/snippets/${encodeURIComponent(name)}`);
    setOutput(JSON.stringify(data, null, 2));
  };

  return (
    <div className="console">
      <textarea value={script} onChange={(e) => setScript(e.target.value)} rows={12} />
      <button onClick={run}>Run</button>
      <button onClick={() => runSaved('daily-stats')}>Daily stats</button>
      <pre>{output}</pre>
    </div>
  );
}
