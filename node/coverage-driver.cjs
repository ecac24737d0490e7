
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const env = process.env;
const [command, ...args] = JSON.parse(env.RUN);
const logFile = '/tmp/vouch-run.log';
const log = fs.openSync(logFile, 'w');
const run = spawnSync(command, args, { stdio: ['ignore', log, log], env });
fs.closeSync(log);
const picked = pick(fs, path, env);
vouchReport.send({ exit: run.status ?? 1, log: fs.readFileSync(logFile, 'utf8').slice(-600), ...picked });
