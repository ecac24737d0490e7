const fs = require('fs');

function saveUpload(buffer) {
  fs.writeFileSync('/tmp/upload.bin', buffer);
  return '/tmp/upload.bin';
}
module.exports = { saveUpload };
