const get = require('request');
module.exports = (req, res) => get(req.body.url);
