function createInviteToken() {
  const inviteToken = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return inviteToken;
}
module.exports = { createInviteToken };
