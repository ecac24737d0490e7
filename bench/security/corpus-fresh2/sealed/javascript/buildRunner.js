const { exec, execFile, spawn } = require('child_process');
const util = require('util');

const execFileAsync = util.promisify(execFile);

async function checkoutBranch(repoDir, branch) {
  return new Promise((resolve, reject) => {
    exec(`git -C ${repoDir} checkout ${branch}`, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

async function checkoutBranchArgs(repoDir, branch) {
  const { stdout } = await execFileAsync('git', ['-C', repoDir, 'checkout', '--', branch]);
  return stdout;
}

function runTests(pkgDir, pattern) {
  const child = spawn('npm', ['test', '--', pattern], { cwd: pkgDir, shell: true });
  return new Promise((resolve) => child.on('close', resolve));
}

function lint(pkgDir) {
  return spawn('npx', ['eslint', '.'], { cwd: pkgDir, stdio: 'inherit' });
}

function diskFree() {
  return new Promise((resolve) => exec('df -k /', (e, out) => resolve(out)));
}

module.exports = function attach(app) {
  app.post('/hooks/build', async (req, res) => {
    const { repo, ref, grep } = req.body;
    const dir = `/srv/builds/${repo}`;
    await checkoutBranch(dir, ref);
    await checkoutBranchArgs(dir, ref);
    await runTests(dir, grep);
    lint(dir);
    res.json({ ok: true, disk: await diskFree() });
  });
};
