type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isPlainObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge<T extends JsonObject>(target: T, patch: JsonObject): T {
  const obj: any = target;
  for (const key in patch) {
    const value = patch[key];
    if (isPlainObject(value)) {
      if (!isPlainObject(obj[key])) obj[key] = {};
      deepMerge(obj[key], value);
    } else {
      obj[key] = value;
    }
  }
  return target;
}

export function deepMergeOwn<T extends JsonObject>(target: T, patch: JsonObject): T {
  const obj: Record<string, Json> = target;
  for (const key of Object.keys(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const value = patch[key];
    if (isPlainObject(value)) {
      const child = Object.prototype.hasOwnProperty.call(obj, key) && isPlainObject(obj[key]) ? (obj[key] as JsonObject) : {};
      obj[key] = deepMergeOwn(child, value);
    } else {
      obj[key] = value;
    }
  }
  return target;
}

export function fromEntries(pairs: Array<[string, Json]>): JsonObject {
  const out: JsonObject = Object.create(null);
  for (const [k, v] of pairs) out[k] = v;
  return out;
}
