const { raw } = require('./db');
module.exports = (req) => raw("DELETE FROM t WHERE id = " + req.body.id);
