const { exec } = require('child_process');

function listDirectory(dir) {
  return new Promise((resolve, reject) => {
    exec('ls -la ' + dir, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

module.exports = { listDirectory };
