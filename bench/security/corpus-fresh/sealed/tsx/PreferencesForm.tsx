import { useState, type ChangeEvent } from 'react';

type Prefs = Record<string, any>;

function assignDeep(target: Prefs, dotted: string, value: unknown): Prefs {
  const parts = dotted.split('.');
  let cursor: Prefs = target;
  while (parts.length > 1) {
    const k = parts.shift()!;
    cursor = cursor[k] ??= {};
  }
  cursor[parts[0]] = value;
  return target;
}

function assignDeepOwn(target: Prefs, dotted: string, value: unknown): Prefs {
  const parts = dotted.split('.');
  if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) return target;
  let cursor: Prefs = target;
  for (const k of parts.slice(0, -1)) {
    if (!Object.prototype.hasOwnProperty.call(cursor, k)) cursor[k] = {};
    cursor = cursor[k];
  }
  cursor[parts[parts.length - 1]] = value;
  return target;
}

export function PreferencesForm({ initial }: { initial: Prefs }) {
  const [prefs, setPrefs] = useState<Prefs>(initial);

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const text = await e.target.files?.[0]?.text();
    if (!text) return;
    const flat = JSON.parse(text) as Record<string, unknown>;
    const next: Prefs = { ...prefs };
    for (const [k, v] of Object.entries(flat)) assignDeep(next, k, v);
    setPrefs(next);
  };

  const onField = (name: string) => (e: ChangeEvent<HTMLInputElement>) => setPrefs((p) => assignDeepOwn({ ...p }, name, e.target.value));

  return (
    <form>
      <input type="file" accept="application/json" onChange={onImport} />
      <input name="display.theme" defaultValue={prefs.display?.theme} onChange={onField('display.theme')} />
    </form>
  );
}
