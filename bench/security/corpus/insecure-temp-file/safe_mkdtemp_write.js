const fs = require('fs');
const os = require('os');
const path = require('path');

function saveUpload(buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-'));
  const file = path.join(dir, 'upload.bin');
  fs.writeFileSync(file, buffer);
  return file;
}
module.exports = { saveUpload };
