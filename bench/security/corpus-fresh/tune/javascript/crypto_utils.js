const crypto = require('crypto');

const KEY = Buffer.from(process.env.DATA_KEY_HEX, 'hex');
const FIXED_IV = Buffer.from('a1b2c3d4e5f60718a1b2c3d4e5f60718', 'hex');

function encryptField(plaintext) {
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, FIXED_IV);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

function encryptFieldGcm(plaintext) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

function legacyEncrypt(text, password) {
  const cipher = crypto.createCipher('aes192', password);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex');
}

function hashPasswordScrypt(password) {
  const salt = crypto.randomBytes(16);
  const dk = crypto.scryptSync(password, salt, 64);
  return `${salt.toString('hex')}:${dk.toString('hex')}`;
}

function contentEtag(buf) {
  return crypto.createHash('sha1').update(buf).digest('base64');
}

function resetToken() {
  return Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
}

function sessionId() {
  return crypto.randomBytes(32).toString('hex');
}

module.exports = { encryptField, encryptFieldGcm, legacyEncrypt, hashPassword, hashPasswordScrypt, contentEtag, resetToken, sessionId };
