import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteFolder } from '../../../test/support/test-folders.js';
import { MIT_TEXT, writeTree } from '../test-project.js';
import { readCachedPackage } from './cached-packages.js';

describe('readCachedPackage', () => {
  const cache = writeTree(suiteFolder('vouch-licence-'), {
    'm2/org/example/lib/1.2/lib-1.2.pom':
      '<project><licenses><license><name>The Apache Software License, Version 2.0</name></license><license><name>MIT</name></license></licenses></project>',
    'm2/org/example/odd/1.0/odd-1.0.pom':
      '<project><licenses><license><name>Our Own Terms</name></license></licenses></project>',
    'cargo/index.crates.io-xyz/serde-1.0.200/Cargo.toml':
      '[package]\nname = "serde"\nlicense = "MIT OR Apache-2.0"\n',
    'cargo/index.crates.io-xyz/filed-0.3.0/Cargo.toml':
      '[package]\nname = "filed"\nlicense-file = "LICENSE-MIT"\n',
    'cargo/index.crates.io-xyz/filed-0.3.0/LICENSE-MIT': MIT_TEXT,
  });
  const caches = {
    goModCache: join(cache, 'go'),
    cargoRegistrySrc: join(cache, 'cargo'),
    mavenRepository: join(cache, 'm2'),
  };

  it('reads Maven licences from the cached POM, alternatives joined with OR', () => {
    expect(
      readCachedPackage(
        { ecosystem: 'maven', name: 'org.example:lib', version: '1.2', source: 'pom.xml' },
        caches,
      ),
    ).toMatchObject({
      expression: 'Apache-2.0 OR MIT',
    });
    expect(
      readCachedPackage(
        { ecosystem: 'maven', name: 'org.example:odd', version: '1.0', source: 'pom.xml' },
        caches,
      ).problem,
    ).toMatch(/Our Own Terms/);
    expect(
      readCachedPackage(
        { ecosystem: 'maven', name: 'org.example:gone', version: '9', source: 'pom.xml' },
        caches,
      ).problem,
    ).toMatch(/m2/);
  });

  it('reads crates from the Cargo registry sources: the license field, else the licence file', () => {
    expect(
      readCachedPackage(
        { ecosystem: 'cargo', name: 'serde', version: '1.0.200', source: 'Cargo.lock' },
        caches,
      ),
    ).toMatchObject({
      expression: 'MIT OR Apache-2.0',
    });
    expect(
      readCachedPackage(
        { ecosystem: 'cargo', name: 'filed', version: '0.3.0', source: 'Cargo.lock' },
        caches,
      ),
    ).toMatchObject({
      expression: 'MIT',
      approximate: true,
    });
  });

  it('says why a package without an exact version cannot be looked up', () => {
    expect(
      readCachedPackage({ ecosystem: 'go', name: 'example.com/x', source: 'go.mod' }, caches).problem,
    ).toMatch(/no exact version/);
  });
});
