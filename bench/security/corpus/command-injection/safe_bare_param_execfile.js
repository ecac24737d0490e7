const { execFile } = require('child_process');

function listDirectory(dir) {
  return new Promise((resolve, reject) => {
    execFile('ls', ['-la', dir], (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

module.exports = { listDirectory };
