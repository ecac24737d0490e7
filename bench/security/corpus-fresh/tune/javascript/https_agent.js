const https = require('https');
const fs = require('fs');
const axios = require('axios');

if (process.env.NODE_ENV !== 'production') {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

const partnerAgent = new https.Agent({ rejectUnauthorized: false });

const internalAgent = new https.Agent({
  ca: fs.readFileSync('/etc/ssl/internal-ca.pem'),
  rejectUnauthorized: true,
});

async function fetchInventory() {
  const { data } = await axios.get('https://inventory.internal.example.com/v1/stock', { httpsAgent: internalAgent });
  return data;
}

async function fetchPartnerFeed() {
  const { data } = await axios.get('https://feeds.partner.example.net/export.json', { httpsAgent: partnerAgent });
  return data;
}

module.exports = { fetchInventory, fetchPartnerFeed };
