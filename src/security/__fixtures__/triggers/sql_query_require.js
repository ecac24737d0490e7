const { query } = require('../db');
module.exports = async function show(req) {
  return query("SELECT * FROM users WHERE name = '" + req.body.name + "'");
};
