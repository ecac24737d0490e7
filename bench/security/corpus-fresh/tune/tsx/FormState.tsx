import { useCallback, useState } from 'react';

type Dict = Record<string, any>;

export function setIn(obj: Dict, path: string, value: unknown): Dict {
  const keys = path.split(/[.[\]]+/).filter(Boolean);
  let node: Dict = obj;
  keys.slice(0, -1).forEach((k) => {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k];
  });
  node[keys[keys.length - 1]] = value;
  return obj;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function setInOwn(obj: Dict, path: string, value: unknown): Dict {
  const keys = path.split('.');
  if (keys.some((k) => FORBIDDEN.has(k))) return obj;
  let node: Dict = obj;
  for (const k of keys.slice(0, -1)) {
    if (!Object.hasOwn(node, k) || typeof node[k] !== 'object') node[k] = {};
    node = node[k];
  }
  node[keys[keys.length - 1]] = value;
  return obj;
}

export function usePrefilledForm() {
  const [values, setValues] = useState<Dict>(() => {
    const init: Dict = {};
    new URLSearchParams(window.location.search).forEach((v, k) => setIn(init, k, v));
    return init;
  });
  const onChange = useCallback((name: string, v: string) => setValues((prev) => setInOwn({ ...prev }, name, v)), []);
  return { values, onChange };
}
