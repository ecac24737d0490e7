const crypto = require('crypto');

const LEGACY_KEY = process.env.LEGACY_KEY || '';
const STATIC_IV = Buffer.alloc(16, 0);

function sealLegacy(text) {
  const cipher = crypto.createCipher('aes-256-cbc', LEGACY_KEY);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function sealStaticIv(key, text) {
  const cipher = crypto.createCipheriv('aes-256-cbc', key, STATIC_IV);
  return Buffer.concat([cipher.update(text), cipher.final()]).toString('base64');
}

function seal(key, text) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function passwordDigest(password) {
  return crypto.createHash('sha1').update(password).digest('hex');
}

function fileChecksum(buf) {
  return crypto.createHash('md5').update(buf).digest('hex');
}

function passwordDigestV2(password) {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, 64);
  return `${salt.toString('hex')}:${hash.toString('hex')}`;
}

function inviteCode() {
  return Math.random().toString(36).slice(2, 10);
}

function sessionId() {
  return crypto.randomBytes(32).toString('hex');
}

function jitter(ms) {
  return ms + Math.floor(Math.random() * 250);
}

module.exports = { sealLegacy, sealStaticIv, seal, passwordDigest, fileChecksum, passwordDigestV2, inviteCode, sessionId, jitter };
