const fs = require('fs');
const https = require('https');

const options = {
  hostname: 'partner.example.org',
  port: 443,
  path: '/api/v2/shipments',
  method: 'GET',
  headers: { Authorization: `Bearer ${process.env.PARTNER_TOKEN}` },
  ca: fs.readFileSync(process.env.PARTNER_CA || '/etc/ssl/partner-ca.pem'),
  rejectUnauthorized: true,
};

function fetchShipments() {
  return new Promise((resolve, reject) => {
    const req = https.request(options, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

module.exports = { fetchShipments };
