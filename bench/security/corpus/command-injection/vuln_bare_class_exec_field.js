const { exec } = require('child_process');

class Job {
  constructor(command) {
    this.command = command;
  }
  start(done) {
    exec(this.command, done);
  }
}

module.exports = { Job };
