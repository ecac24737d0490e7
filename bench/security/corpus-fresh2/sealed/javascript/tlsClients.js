const https = require('https');
const axios = require('axios');
const fs = require('fs');
const tls = require('tls');

const ledgerAgent = new https.Agent({ rejectUnauthorized: false });
const pinnedAgent = new https.Agent({ ca: fs.readFileSync('/etc/ssl/partner-ca.pem') });

async function fetchLedger(id) {
  const { data } = await axios.get(`https://ledger.partner.example/v1/entries/${encodeURIComponent(id)}`, { httpsAgent: ledgerAgent });
  return data;
}

async function fetchLedgerPinned(id) {
  const { data } = await axios.get(`https://ledger.partner.example/v1/entries/${encodeURIComponent(id)}`, { httpsAgent: pinnedAgent });
  return data;
}

if (process.env.DEV_PROXY) {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

function connectQueue(host) {
  return tls.connect({ host, port: 5671, servername: host, checkServerIdentity: () => undefined });
}

module.exports = { fetchLedger, fetchLedgerPinned, connectQueue };
