const crypto = require('crypto');

function encrypt(key, text) {
  const cipher = crypto.createCipheriv('aes-256-ecb', key, null);
  return Buffer.concat([cipher.update(text), cipher.final()]);
}
module.exports = { encrypt };
