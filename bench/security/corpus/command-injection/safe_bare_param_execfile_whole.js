const { execFile } = require('child_process');

function runProgram(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

module.exports = { runProgram };
