process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
const fetchData = (url) => fetch(url).then((r) => r.json());
module.exports = { fetchData };
