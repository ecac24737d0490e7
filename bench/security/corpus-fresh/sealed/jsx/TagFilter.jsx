import { useState } from 'react';

function escapeForRegex(text) {
  return text.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
}

export function TagFilter({ tags, onSelect }) {
  const [pattern, setPattern] = useState('');
  let re = null;
  try {
    re = pattern ? new RegExp(pattern) : null;
  } catch {
    re = null;
  }
  const visible = re ? tags.filter((t) => re.test(t.description)) : tags;
  return (
    <div>
      <input value={pattern} onChange={(e) => setPattern(e.target.value)} />
      {visible.map((t) => <button key={t.id} onClick={() => onSelect(t)}>{t.name}</button>)}
    </div>
  );
}

export function TagPrefixFilter({ tags }) {
  const [prefix, setPrefix] = useState('');
  const re = new RegExp('^' + escapeForRegex(prefix), 'i');
  return (
    <div>
      <input value={prefix} onChange={(e) => setPrefix(e.target.value)} />
      <ul>{tags.filter((t) => re.test(t.name)).map((t) => <li key={t.id}>{t.name}</li>)}</ul>
    </div>
  );
}
