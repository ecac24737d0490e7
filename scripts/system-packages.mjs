#!/usr/bin/env node
// Checks (and, as root on Debian or Ubuntu, installs) the system packages listed in .ci/apt-packages:
// the ones marked "required" the sandbox needs, the others the test suite. Run by `npm run setup`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const list = join(dirname(fileURLToPath(import.meta.url)), '..', '.ci', 'apt-packages');
const packages = readFileSync(list, 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean)
  .map((line) => ({ name: line.split(/\s+/)[0], required: /\brequired\b/.test(line) }));

const say = (text) => process.stderr.write(`setup: ${text}\n`);

if (process.platform !== 'linux') {
  say(
    'the sandbox needs Linux (bubblewrap); on this system vouch can only run code with --unsafe-no-sandbox',
  );
  process.exit(0);
}
if (!existsSync('/usr/bin/dpkg')) {
  say(`not a Debian-based system: install the equivalents of ${packages.map((p) => p.name).join(', ')}`);
  say('(bubblewrap and util-linux are required; Fedora: `dnf install bubblewrap util-linux`)');
  process.exit(
    spawnSync('sh', ['-c', 'command -v bwrap && command -v prlimit && command -v setpriv'], {
      stdio: 'ignore',
    }).status === 0
      ? 0
      : 1,
  );
}
const installed = (name) =>
  /install ok installed/.test(
    spawnSync('dpkg-query', ['-W', `-f=\${Status}`, name], { encoding: 'utf8' }).stdout ?? '',
  );
const missing = packages.filter((p) => !installed(p.name));
if (missing.length === 0) {
  say(`system packages present: ${packages.map((p) => p.name).join(', ')}`);
  process.exit(0);
}
const names = missing.map((p) => p.name).join(' ');
if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  say(`installing ${names}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // another apt or dpkg (unattended upgrades, a parallel setup) may hold the lock: wait for it up to ten
  // minutes instead of failing at once
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  const update = spawnSync('apt-get', [...wait, 'update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync(
    'apt-get',
    [...wait, 'install', '-y', '-qq', '--no-install-recommends', ...missing.map((p) => p.name)],
    { stdio: 'inherit', env },
  );
  if (update.status === 0 && install.status === 0) process.exit(0);
  say(`apt-get could not install them; run: apt-get install -y ${names}`);
  process.exit(1);
}
const required = missing.filter((p) => p.required);
say(`missing Debian packages: ${names}`);
say(`run: sudo apt-get install -y ${names}`);
if (required.length > 0) {
  say(
    `${required.map((p) => p.name).join(' and ')} ${required.length > 1 ? 'are' : 'is'} needed to run code in the sandbox`,
  );
  process.exit(1);
}
say('the others are used by the test suite (`npm test`); vouch itself runs without them');
