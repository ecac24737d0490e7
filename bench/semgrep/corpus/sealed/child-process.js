const child_process = require('child_process');
const cp = require('node:child_process');

function run(user) {
  // ruleid: child-process-exec-variable
  child_process.exec('ls ' + user, (err, out) => console.log(out));
  // ok: child-process-exec-variable
  child_process.exec('ls -la', () => {});
  // ruleid: child-process-exec-variable
  const out = cp.execSync(`git log ${user}`);
  // ok: child-process-exec-variable
  cp.execFile('git', ['log', user]);
  // ok: child-process-exec-variable
  other.exec(user);
  return out;
}
module.exports = { run };
