const { spawn } = require('child_process');

const target = process.argv[2];
const child = spawn(`git log --oneline ${target}`, { shell: true });
child.stdout.pipe(process.stdout);
