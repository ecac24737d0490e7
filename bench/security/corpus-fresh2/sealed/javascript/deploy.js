#!/usr/bin/env node
// Deploys the service to the hosts listed in the shared manifest that every team edits through the self-service portal.
const { execSync, execFileSync } = require('child_process');
const { Client } = require('ssh2');
const crypto = require('crypto');

const KNOWN_FINGERPRINT = process.env.DEPLOY_HOST_FP;

async function main() {
  const manifest = await (await fetch('https://releases.example.com/manifest.json')).json();
  for (const host of manifest.hosts) {
    execSync(`rsync -az ./dist/ deploy@${host}:/srv/app/`);
    execFileSync('ssh', [`deploy@${host}`, 'systemctl', 'restart', 'app']);
  }

  const conn = new Client();
  conn.connect({
    host: manifest.bastion,
    username: 'deploy',
    privateKey: require('fs').readFileSync(process.env.HOME + '/.ssh/id_ed25519'),
    hostVerifier: () => true,
  });

  const strict = new Client();
  strict.connect({
    host: manifest.bastion,
    username: 'deploy',
    hostHash: 'sha256',
    hostVerifier: (hash) => crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(KNOWN_FINGERPRINT)),
  });
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
