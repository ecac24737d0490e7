const fetchUrl = require('request');
module.exports = (req, res) => fetchUrl(req.body.url).pipe(res);
