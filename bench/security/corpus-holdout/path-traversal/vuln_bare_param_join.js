const fs = require('fs');
const path = require('path');

const UPLOADS = '/srv/app/uploads';

function readAvatar(userName) {
  const file = path.join(UPLOADS, 'avatars', userName + '.png');
  return fs.readFileSync(file);
}

module.exports = { readAvatar };
