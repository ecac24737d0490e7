import { describe, expect, it } from 'vitest';
import { CONFIG_TABLES, LOCAL_PROVIDER_KEYS, PROVIDER_KEYS } from '../../src/config/known-keys.js';
import { licenceSectionSchema } from '../../src/licence/policy.js';
import {
  localSectionSchema,
  modelSectionSchema,
  providerSectionSchema,
} from '../../src/model/resolve/model-config.js';
import { securitySection } from '../../src/security/check.js';
import { serverSection } from '../../src/server/settings.js';
import { privacySection } from '../../src/telemetry/privacy-policy.js';

/**
 * vouch.toml refuses what no part of vouch reads (config/known-keys.ts); this holds that list to the
 * schemas of the sections' owners, so no key an owner reads is refused, and none it would refuse is let by.
 */
const keys = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape).sort();

describe('the config keys vouch.toml accepts', () => {
  it('are exactly the keys the sections’ owners read', () => {
    expect(
      Object.fromEntries(Object.entries(CONFIG_TABLES).map(([name, list]) => [name, [...list].sort()])),
    ).toEqual({
      model: keys(modelSectionSchema),
      server: keys(serverSection),
      privacy: keys(privacySection),
      security: keys(securitySection),
      licence: keys(licenceSectionSchema),
    });
    expect([...PROVIDER_KEYS].sort()).toEqual(keys(providerSectionSchema));
    expect([...LOCAL_PROVIDER_KEYS].sort()).toEqual(keys(localSectionSchema));
  });
});
