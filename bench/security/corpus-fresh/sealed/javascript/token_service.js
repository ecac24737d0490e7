const jwt = require('jsonwebtoken');

const SIGNING_SECRET = 'c0rp-api-jwt-s3cret-do-not-share';

function issue(user) {
  return jwt.sign({ sub: user.id, scope: user.scope }, SIGNING_SECRET, { algorithm: 'HS256', expiresIn: '2h' });
}

function authenticate(req) {
  const token = req.get('Authorization')?.split(' ')[1];
  return jwt.verify(token, SIGNING_SECRET, { algorithms: ['HS256'], maxAge: '2h' });
}

function scopesFromRequest(req) {
  const token = req.get('Authorization')?.split(' ')[1];
  const { payload } = jwt.decode(token, { complete: true }) || {};
  return payload ? payload.scope.split(' ') : [];
}

function verifyLegacy(token) {
  const { header } = jwt.decode(token, { complete: true });
  return jwt.verify(token, header.alg === 'none' ? '' : SIGNING_SECRET, { algorithms: [header.alg] });
}

module.exports = { issue, authenticate, scopesFromRequest, verifyLegacy };
