import { describe, expect, it, vi } from 'vitest';

// each zod object schema built is counted: the rule schemas must not be built by importing the module
const built = vi.hoisted(() => ({ objects: 0 }));
vi.mock('zod', async (importOriginal) => {
  const real = await importOriginal<typeof import('zod')>();
  const object = ((...args: Parameters<typeof real.z.object>) => {
    built.objects++;
    return real.z.object(...args);
  }) as typeof real.z.object;
  return { ...real, z: { ...real.z, object } };
});

describe("the rule files' schemas", () => {
  it('are built on first use, not when the module is imported (a scan with the artefact never uses them)', async () => {
    // the unit tier's files share a thread: another file may have imported the module already, unmocked
    vi.resetModules();
    const { ruleSchemas } = await import('./rule-schema.js');
    expect(built.objects).toBe(0);
    const schemas = ruleSchemas();
    const after = built.objects;
    expect(after).toBeGreaterThan(5);
    expect(ruleSchemas()).toBe(schemas);
    expect(built.objects).toBe(after);
    expect(schemas.ruleLanguageSchema.safeParse('python').success).toBe(true);
  });
});
