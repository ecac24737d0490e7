// ruleid: internal-host-url
const API = 'https://billing.corp.example.net/v2';
// ok: internal-host-url
const PUBLIC = 'https://api.example.net/v2';
// ok: internal-host-url
const DOCS = 'see corp.example.net for the wiki';
module.exports = { API, PUBLIC, DOCS };
