const { spawn } = require('child_process');

const target = process.argv[2];
const child = spawn('git', ['log', '--oneline', target]);
child.stdout.pipe(process.stdout);
