import { useMemo } from 'react';

type Dict = Record<string, any>;

export function parseNested(query: string): Dict {
  const out: Dict = {};
  for (const [rawKey, value] of new URLSearchParams(query)) {
    const keys = rawKey.split(/[\[\]]+/).filter(Boolean);
    let node: Dict = out;
    keys.slice(0, -1).forEach((k) => {
      node[k] = node[k] ?? {};
      node = node[k];
    });
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

export function parseNestedGuarded(query: string): Dict {
  const out: Dict = Object.create(null);
  for (const [rawKey, value] of new URLSearchParams(query)) {
    const keys = rawKey.split(/[\[\]]+/).filter(Boolean);
    if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) continue;
    let node: Dict = out;
    keys.slice(0, -1).forEach((k) => {
      node[k] = node[k] ?? Object.create(null);
      node = node[k];
    });
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

export function FilterSummary({ search }: { search: string }) {
  const filters = useMemo(() => parseNested(search), [search]);
  const guarded = useMemo(() => parseNestedGuarded(search), [search]);
  return (
    <dl>
      {Object.keys(filters).map((k) => <dt key={k}>{k}: {String(filters[k])}</dt>)}
      <dd>{Object.keys(guarded).length} filters</dd>
    </dl>
  );
}
