const fs = require('fs');
const path = require('path');

function fileFor(name) {
  return '/srv/files/' + name;
}

function handler(req, res) {
  const name = req.params.name;
  // ruleid: express-path-taint
  fs.readFile(fileFor(name), (e, d) => res.send(d));
  // ok: express-path-taint
  fs.readFile(fileFor(path.basename(name)), (e, d) => res.send(d));
  // ok: express-path-taint
  fs.readFile('/srv/files/index.html', (e, d) => res.send(d));
}
module.exports = { handler };
