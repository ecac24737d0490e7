
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ready = Number(process.argv[2]);
const reportKeyFd = Number(process.argv[3]);
const reportFd = Number(process.argv[4]);
try { fs.writeSync(ready, 'R'); fs.closeSync(ready); } catch {}
const pause = new Int32Array(new SharedArrayBuffer(4));
function readExactly(length) {
  const buffer = Buffer.alloc(length);
  let offset = 0;
  while (offset < length) {
    let read;
    try {
      read = fs.readSync(0, buffer, offset, length - offset, null);
    } catch (error) {
      if (error.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 1); continue; }
      throw error;
    }
    if (read === 0) process.exit(70);
    offset += read;
  }
  return buffer;
}
const length = Number(readExactly(12).toString('latin1'));
const job = JSON.parse(readExactly(length).toString('utf8'));
if (job.report) {
  process.env.VOUCH_REPORT_KEY_FD = String(reportKeyFd);
  process.env.VOUCH_REPORT_FD = String(reportFd);
} else {
  for (const fd of [reportKeyFd, reportFd]) try { fs.closeSync(fd); } catch {}
}
const dir = process.cwd();
fs.unlinkSync(__filename);
for (const [name, content] of Object.entries(job.files || {})) {
  const target = path.join(dir, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}
const main = path.join(dir, job.esm ? 'main.mjs' : 'main.js');
fs.writeFileSync(main, job.source);
process.argv = [process.execPath, main];
require('node:module').runMain(main);
