const crypto = require('crypto');
const bcrypt = require('bcryptjs');

const MASTER = crypto.createHash('sha256').update(process.env.MASTER_SECRET || '').digest();
const IV = Buffer.alloc(16, 1);

exports.sealCardNumber = (pan) => {
  const c = crypto.createCipheriv('aes-256-ctr', MASTER, IV);
  return Buffer.concat([c.update(pan), c.final()]).toString('hex');
};

exports.sealDocument = (buf) => {
  const nonce = crypto.randomBytes(12);
  const c = crypto.createCipheriv('chacha20-poly1305', MASTER, nonce, { authTagLength: 16 });
  const enc = Buffer.concat([c.update(buf), c.final()]);
  return Buffer.concat([nonce, c.getAuthTag(), enc]);
};

exports.encryptLegacy = (text) => {
  const c = crypto.createCipheriv('des-ecb', MASTER.subarray(0, 8), null);
  return c.update(text, 'utf8', 'hex') + c.final('hex');
};

exports.storePassword = async (plain) => bcrypt.hash(plain, 12);

exports.legacyPasswordHash = (plain, username) => crypto.createHash('sha1').update(username + plain).digest('hex');

exports.csrfToken = () => Math.random().toString(16).substring(2) + Date.now().toString(16);

exports.requestId = () => crypto.randomUUID();

exports.shardFor = (userId) => Math.floor(Math.random() * 8) + (userId % 2);
