import { shippedText } from './package-root.js';

/**
 * The drivers' side of the report channel (report-channel.ts). Python drivers get `vouch_report.py` as a
 * file beside them (`files: { [PYTHON_REPORT_MODULE]: pythonReportModule() }`) and `open_channel()` it;
 * Node drivers start with NODE_REPORT_CHANNEL, which defines `vouchReport` (`send(value)`, `fd`).
 */
export const PYTHON_REPORT_MODULE = 'vouch_report.py';

export function pythonReportModule(): string {
  return shippedText('python/vouch_report.py');
}

/**
 * Defines `vouchReport`: the report fd and this run's key, both names taken out of the environment and the
 * key read (and its fd closed) before the driver loads anything else; `send(value)` writes one keyed line
 * of JSON. With no channel (a driver run by hand) it prints the value instead: the host never trusts stdout.
 * Node cannot make itself non-dumpable: a Node driver runs what it judges in its own process only where
 * that code's own verdict is at stake (the test runners', a candidate's).
 */
export const NODE_REPORT_CHANNEL = String.raw`
const vouchReport = (() => {
  const fs = require('node:fs');
  const fd = Number(process.env.VOUCH_REPORT_FD);
  const keyFd = Number(process.env.VOUCH_REPORT_KEY_FD);
  delete process.env.VOUCH_REPORT_FD;
  delete process.env.VOUCH_REPORT_KEY_FD;
  if (!Number.isInteger(fd) || !Number.isInteger(keyFd))
    return { fd: -1, send: (value) => process.stdout.write(JSON.stringify(value) + '\n') };
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const buffer = Buffer.alloc(256);
  let key = '';
  for (;;) {
    let read;
    try {
      read = fs.readSync(keyFd, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 1); continue; }
      throw error;
    }
    if (read === 0) break;
    key += buffer.toString('latin1', 0, read);
  }
  fs.closeSync(keyFd);
  key = key.trim();
  return {
    fd,
    send(value) {
      const line = Buffer.from(key + ' ' + JSON.stringify(value) + '\n');
      let offset = 0;
      while (offset < line.length) {
        try {
          offset += fs.writeSync(fd, line, offset);
        } catch (error) {
          if (error.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 1); continue; }
          throw error;
        }
      }
    },
  };
})();
`;
