const fs = require('fs');
const jwt = require('jsonwebtoken');

const HMAC_SECRET = process.env.JWT_SECRET;
const PARTNER_PUBLIC_KEY = fs.readFileSync('/etc/keys/partner.pem', 'utf8');

function requireAuth(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    req.user = jwt.verify(token, HMAC_SECRET, { algorithms: ['HS256'], issuer: 'api.example.com' });
    next();
  } catch (e) {
    res.status(401).json({ error: 'invalid token' });
  }
}

function partnerAuth(req, res, next) {
  const token = req.get('X-Partner-Token');
  try {
    req.partner = jwt.verify(token, PARTNER_PUBLIC_KEY);
    next();
  } catch (e) {
    res.sendStatus(401);
  }
}

function currentUserId(req) {
  const token = req.cookies.session;
  const payload = jwt.decode(token);
  return payload && payload.sub;
}

function internalAuth(req, res, next) {
  req.service = jwt.verify(req.get('X-Service-Token'), process.env.SERVICE_SECRET, { algorithms: ['HS256', 'none'] });
  next();
}

module.exports = { requireAuth, partnerAuth, currentUserId, internalAuth };
