export type Patch = Record<string, unknown>;

export function applyPatch<T extends object>(target: T, patch: Patch): T {
  for (const [key, value] of Object.entries(patch)) {
    const current = (target as any)[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object') {
      applyPatch(current, value as Patch);
    } else {
      (target as any)[key] = value;
    }
  }
  return target;
}

export function applyPatchGuarded<T extends object>(target: T, patch: Patch): T {
  for (const [key, value] of Object.entries(patch)) {
    if (['__proto__', 'constructor', 'prototype'].includes(key)) continue;
    const current = Object.prototype.hasOwnProperty.call(target, key) ? (target as any)[key] : undefined;
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object') {
      applyPatchGuarded(current, value as Patch);
    } else {
      (target as any)[key] = value;
    }
  }
  return target;
}

export function parsePatch(body: string): Patch {
  return JSON.parse(body, (k, v) => (k === '__proto__' ? undefined : v));
}
