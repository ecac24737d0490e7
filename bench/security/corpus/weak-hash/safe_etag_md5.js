const crypto = require('crypto');

function etag(body) {
  const etagValue = crypto.createHash('sha256').update(body).digest('base64');
  return etagValue;
}
module.exports = { etag };
