const https = require('https');
const fs = require('fs');
const axios = require('axios');

const client = axios.create({ httpsAgent: new https.Agent({ ca: fs.readFileSync('/etc/ssl/internal-ca.pem') }) });
module.exports = client;
