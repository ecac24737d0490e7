import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * Test helpers of the licence tests. They are compiled into dist/ with the rest of src/, so they cannot use
 * the test supports (test/support/test-folders.ts): they make no temporary folder of their own (they left
 * every one they made in /tmp), and write into one the test gives them and removes (`testFolder` in a test,
 * `suiteFolder` for the tests of a describe).
 */

/** Writes `files` (relative path → content) under `root`, creating folders as needed; returns `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export const MIT_TEXT = `MIT License

Copyright (c) 2021 Example Author

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

export const ISC_TEXT = `The ISC License

Copyright (c) Example Author and Contributors

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR
IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
`;

export const BSD2_TEXT = `Copyright (c) 2020, Example Author
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
`;

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * A project shaped like a real one: node_modules with every licence form npm has seen, a .venv with
 * dist-info folders (PEP 639 expression, classifiers, a pasted licence text, licence files only), a go.mod
 * whose module sits in a fake module cache, and a Cargo.lock whose crate is missing from the cache: the
 * project in `folder/project`, the caches in `folder/caches`; `folder` is the caller's to remove.
 */
export function writeSampleProject(folder: string): {
  root: string;
  caches: { goModCache: string; cargoRegistrySrc: string; mavenRepository: string };
} {
  const site = '.venv/lib/python3.11/site-packages';
  const root = writeTree(join(folder, 'project'), {
    'package.json': json({
      name: 'app',
      version: '1.0.0',
      license: 'UNLICENSED',
      dependencies: { 'left-pad': '^1.3.0', 'gpl-lib': '1.0.0', 'not-installed': '^2.0.0' },
      devDependencies: { 'dev-tool': '1.0.0' },
    }),
    'node_modules/left-pad/package.json': json({ name: 'left-pad', version: '1.3.0', license: 'WTFPL' }),
    'node_modules/gpl-lib/package.json': json({ name: 'gpl-lib', version: '1.0.0', license: 'GPL-3.0' }),
    'node_modules/legacy-object/package.json': json({
      name: 'legacy-object',
      version: '0.1.0',
      license: { type: 'MIT', url: 'https://x' },
    }),
    'node_modules/legacy-array/package.json': json({
      name: 'legacy-array',
      version: '0.2.0',
      licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }],
    }),
    'node_modules/file-only/package.json': json({ name: 'file-only', version: '3.0.0' }),
    'node_modules/file-only/LICENSE': ISC_TEXT,
    'node_modules/see-file/package.json': json({
      name: 'see-file',
      version: '1.0.0',
      license: 'SEE LICENSE IN COPYING.md',
    }),
    'node_modules/see-file/COPYING.md': MIT_TEXT,
    'node_modules/garbled/package.json': json({
      name: 'garbled',
      version: '0.0.1',
      license: 'Do What You Want Maybe',
    }),
    'node_modules/broken/package.json': '{ "name": "broken", ',
    'node_modules/@scope/agpl/package.json': json({
      name: '@scope/agpl',
      version: '4.0.0',
      license: 'AGPL-3.0-or-later',
    }),
    'node_modules/dev-tool/package.json': json({ name: 'dev-tool', version: '1.0.0', license: 'MIT' }),
    'node_modules/left-pad/node_modules/inner/package.json': json({
      name: 'inner',
      version: '0.0.1',
      license: 'MPL-2.0',
    }),
    [`${site}/PyYAML-6.0.1.dist-info/METADATA`]:
      'Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.1\nLicense: MIT\nClassifier: License :: OSI Approved :: MIT License\n\nbody\n',
    [`${site}/PyYAML-6.0.1.dist-info/top_level.txt`]: '_yaml\nyaml\n',
    [`${site}/modern-1.0.dist-info/METADATA`]:
      'Metadata-Version: 2.4\nName: modern\nVersion: 1.0\nLicense-Expression: Apache-2.0 OR MIT\n\n',
    [`${site}/modern-1.0.dist-info/RECORD`]:
      'modern_pkg/__init__.py,sha256=x,10\nmodern-1.0.dist-info/METADATA,,\n',
    [`${site}/classy-2.0.dist-info/METADATA`]:
      'Metadata-Version: 2.1\nName: classy\nVersion: 2.0\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: GNU General Public License v3 (GPLv3)\nClassifier: Programming Language :: Python\n\n',
    [`${site}/pasted-0.5.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: pasted\nVersion: 0.5\nLicense: ${BSD2_TEXT.split('\n').join('\n        ')}\n\n`,
    [`${site}/files-1.1.dist-info/METADATA`]: 'Metadata-Version: 2.1\nName: files\nVersion: 1.1\n\n',
    [`${site}/files-1.1.dist-info/LICENSE.txt`]: MIT_TEXT,
    [`${site}/bad-expr-1.0.dist-info/METADATA`]:
      'Metadata-Version: 2.4\nName: bad-expr\nVersion: 1.0\nLicense-Expression: MIT OR OR\n\n',
    '.venv/pyvenv.cfg': 'home = /usr/bin\n',
    'go.mod':
      'module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/Foo/bar v1.2.3\n\tgolang.org/x/text v0.14.0\n)\n',
    'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n',
    'Cargo.lock':
      'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n\n[[package]]\nname = "serde"\nversion = "1.0.200"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
  });
  const caches = writeTree(join(folder, 'caches'), {
    'go/github.com/!foo/bar@v1.2.3/LICENSE': BSD2_TEXT,
    'go/github.com/!foo/bar@v1.2.3/bar.go': 'package bar\n',
    'cargo/index.crates.io-6f17d22bba15001f/other-1.0.0/Cargo.toml':
      '[package]\nname = "other"\nlicense = "MIT"\n',
  });
  return {
    root,
    caches: {
      goModCache: join(caches, 'go'),
      cargoRegistrySrc: join(caches, 'cargo'),
      mavenRepository: join(caches, 'm2'),
    },
  };
}
