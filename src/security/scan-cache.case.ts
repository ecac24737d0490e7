import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../core/check.js';
import type { ScanCache } from './scan-cache.js';

const finding = (file: string, line: number, ruleId = 'sql-injection'): Finding => ({
  ruleId,
  file,
  line,
  column: 1,
  severity: 'high',
  message: 'm',
  cwe: 89,
});

/** The contract every ScanCache passes; each implementation's test calls this with a factory. */
export function scanCacheContract(name: string, open: () => ScanCache): void {
  describe(`ScanCache contract: ${name}`, () => {
    let cache: ScanCache;
    beforeEach(() => {
      cache = open();
    });
    afterEach(() => {
      cache.close();
    });

    it("answers a file's findings only for the content hash that produced them", () => {
      cache.putMany([{ path: 'a.py', hash: 'h1', findings: [finding('a.py', 3)] }]);
      expect(cache.get('a.py', 'h1')).toEqual([finding('a.py', 3)]);
      expect(cache.get('a.py', 'h2')).toBeUndefined();
      expect(cache.get('b.py', 'h1')).toBeUndefined();
      cache.putMany([{ path: 'a.py', hash: 'h2', findings: [] }]);
      expect(cache.get('a.py', 'h1')).toBeUndefined();
      expect(cache.get('a.py', 'h2')).toEqual([]);
    });

    it("keeps an external tool's findings by tool version and content, apart from vouch's own", () => {
      cache.putExternal('bandit 1.6.2', [
        { path: 'a.py', hash: 'h1', findings: [finding('a.py', 5, 'bandit.B602')] },
      ]);
      expect(cache.getExternal('bandit 1.6.2', 'a.py', 'h1')).toEqual([finding('a.py', 5, 'bandit.B602')]);
      expect(cache.getExternal('bandit 1.6.2', 'a.py', 'h2')).toBeUndefined();
      expect(cache.getExternal('bandit 1.7.0', 'a.py', 'h1')).toBeUndefined();
      expect(cache.get('a.py', 'h1')).toBeUndefined();
      // Another version of the tool replaces the old one's answers.
      cache.putExternal('bandit 1.7.0', [{ path: 'b.py', hash: 'h', findings: [] }]);
      expect(cache.getExternal('bandit 1.6.2', 'a.py', 'h1')).toBeUndefined();
      expect(cache.getExternal('bandit 1.7.0', 'b.py', 'h')).toEqual([]);
    });

    it('forgets files that a scan of their folder no longer finds, and only those', () => {
      const paths = ['app.py', 'sub/a.py', 'sub/gone.py', 'subway/b.py', '../outside.py'];
      cache.putMany(paths.map((path) => ({ path, hash: 'h', findings: [] })));
      cache.putExternal('bandit 1.6.2', [{ path: 'sub/gone.py', hash: 'h', findings: [] }]);
      expect(cache.forgetMissing(['sub'], new Set(['sub/a.py']))).toBe(1);
      expect(cache.get('sub/gone.py', 'h')).toBeUndefined();
      expect(cache.getExternal('bandit 1.6.2', 'sub/gone.py', 'h')).toBeUndefined();
      expect(cache.get('subway/b.py', 'h')).toEqual([]);
      expect(cache.forgetMissing([''], new Set(['app.py', 'sub/a.py']))).toBe(1);
      expect(cache.get('../outside.py', 'h')).toEqual([]);
      expect(cache.get('app.py', 'h')).toEqual([]);
      expect(cache.forgetMissing([], new Set())).toBe(0);
    });
  });
}
