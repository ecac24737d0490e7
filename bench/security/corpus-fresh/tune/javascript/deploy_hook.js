import { execSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import express from 'express';

const app = express();
app.use(express.json({ verify: (req, _res, buf) => { req.rawBody = buf; } }));

const REPO_DIR = '/srv/site';

function verifySignature(req) {
  const sig = req.get('X-Hub-Signature-256') || '';
  const mac = 'sha256=' + crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(req.rawBody).digest('hex');
  return sig.length === mac.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(mac));
}

app.post('/hooks/deploy', (req, res) => {
  if (!verifySignature(req)) return res.sendStatus(401);
  const branch = req.body.ref.replace('refs/heads/', '');
  const out = execSync(`cd ${REPO_DIR} && git fetch origin && git checkout ${branch} && npm ci`);
  res.type('text/plain').send(out);
});

app.post('/hooks/deploy/v2', (req, res) => {
  if (!verifySignature(req)) return res.sendStatus(401);
  const branch = req.body.ref.replace('refs/heads/', '');
  spawnSync('git', ['fetch', 'origin'], { cwd: REPO_DIR });
  const r = spawnSync('git', ['checkout', '--', branch], { cwd: REPO_DIR, encoding: 'utf8' });
  res.type('text/plain').send(r.stdout);
});

app.listen(3000);
