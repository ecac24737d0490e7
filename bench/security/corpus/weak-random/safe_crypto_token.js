const crypto = require('crypto');

function createInviteToken() {
  const inviteToken = crypto.randomBytes(24).toString('base64url');
  return inviteToken;
}
module.exports = { createInviteToken };
