const jwt = require('jsonwebtoken');
const { decodeJwt } = require('jose');
const fs = require('fs');

const HMAC_SECRET = 'sup3r-s3cret-jwt-key-2023';
const PUBLIC_PEM = fs.readFileSync(process.env.JWT_PUB || '/etc/keys/jwt.pem');

function readClaims(req) {
  const raw = (req.headers.authorization || '').replace(/^Bearer /, '');
  return jwt.decode(raw);
}

function verifyStrict(token) {
  return jwt.verify(token, PUBLIC_PEM, { algorithms: ['RS256'], issuer: 'https://id.example.com' });
}

function tenantOf(req) {
  const claims = decodeJwt(req.get('x-tenant-token') || '');
  return claims.tenant;
}

function verifyShared(token) {
  return jwt.verify(token, HMAC_SECRET, { algorithms: ['HS256'] });
}

function mintServiceToken(service) {
  return jwt.sign({ svc: service }, process.env.SERVICE_JWT_KEY, { algorithm: 'HS256', expiresIn: '5m' });
}

function requireAdmin(req, res, next) {
  const claims = readClaims(req);
  if (!claims || claims.role !== 'admin') return res.status(403).end();
  req.claims = claims;
  next();
}

module.exports = { readClaims, verifyStrict, tenantOf, verifyShared, mintServiceToken, requireAdmin };
