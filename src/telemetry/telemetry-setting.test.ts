import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../test/support/test-folders.js';
import { privacySetting, readPrivacyPolicy } from './privacy-policy.js';
import { mayRecordCode, readTelemetrySetting, storeIsLocal } from './telemetry-setting.js';

describe('telemetry and privacy settings', () => {
  it('reads telemetry = true | false | "metadata" and refuses anything else', () => {
    expect(readTelemetrySetting({})).toBe('full');
    expect(readTelemetrySetting({ telemetry: true })).toBe('full');
    expect(readTelemetrySetting({ telemetry: false })).toBe('off');
    expect(readTelemetrySetting({ telemetry: 'metadata' })).toBe('metadata');
    expect(() => readTelemetrySetting({ telemetry: 'yes' })).toThrow(/true, false or "metadata"/);
  });

  it('tells a store on this machine from one elsewhere', () => {
    expect(storeIsLocal('/work/.vouch/server.db')).toBe(true);
    expect(storeIsLocal('postgres://vouch:secret@127.0.0.1:5432/vouch')).toBe(true);
    expect(storeIsLocal('postgres://vouch@localhost/vouch')).toBe(true);
    expect(storeIsLocal('postgresql://vouch@/vouch?host=/var/run/postgresql')).toBe(true);
    expect(storeIsLocal('postgres://vouch:secret@db.example.com/vouch')).toBe(false);
  });

  it('keeps code out of a remote store under local-only, and out of any store with metadata only', () => {
    const remote = 'postgres://vouch@db.example.com/vouch';
    expect(mayRecordCode('full', 'redact-remote', remote)).toBe(true);
    expect(mayRecordCode('full', 'local-only', remote)).toBe(false);
    expect(mayRecordCode('full', 'local-only', '/tmp/server.db')).toBe(true);
    expect(mayRecordCode('metadata', 'redact-remote', '/tmp/server.db')).toBe(false);
  });

  it('names the file that sets the policy: the last one in merge order that says so', () => {
    const folder = testFolder('vouch-privacy-setting-');
    const user = join(folder, 'config.toml');
    const workspace = join(folder, 'vouch.toml');
    writeFileSync(user, '[privacy]\npolicy = "local-only"\n');
    writeFileSync(workspace, '[model]\ndefault = "ollama:x"\n');
    const config = { privacy: { policy: 'local-only' } };
    expect(privacySetting(config, [user, workspace])).toEqual({ policy: 'local-only', source: user });
    writeFileSync(workspace, '[privacy]\npolicy = "local-only"\n');
    expect(privacySetting(config, [user, workspace])).toEqual({ policy: 'local-only', source: workspace });
    expect(privacySetting({}, [join(folder, 'missing.toml')])).toEqual({ policy: 'redact-remote' });
    expect(() => readPrivacyPolicy({ privacy: { policy: 'open' } })).toThrow(
      /\[privacy\] in the config is invalid/,
    );
    expect(() => readPrivacyPolicy({ privacy: { polcy: 'local-only' } })).toThrow(/invalid/);
  });
});
