const mysql = require('mysql');

const pool = mysql.createPool({ host: 'localhost', user: 'accounts', password: process.env.MYSQL_PASSWORD, database: 'accounts' });

/**
 * Look up an account by its public handle.
 */
function getAccountByHandle(handle, cb) {
  pool.query("SELECT id, handle, email FROM accounts WHERE handle = '" + handle + "'", cb);
}

function getAccountById(id, cb) {
  pool.query('SELECT id, handle, email FROM accounts WHERE id = ?', [id], cb);
}

function getAccountsByDomain(domain, cb) {
  const sql = 'SELECT id FROM accounts WHERE email LIKE ' + pool.escape('%@' + domain);
  pool.query(sql, cb);
}

function sortedAccounts(column, cb) {
  pool.query('SELECT id, handle FROM accounts ORDER BY ' + mysql.escapeId(column), cb);
}

function renameAccount(id, newHandle, cb) {
  const sql = `UPDATE accounts SET handle = "${newHandle}" WHERE id = ${parseInt(id, 10)}`;
  pool.query(sql, cb);
}

module.exports = { getAccountByHandle, getAccountById, getAccountsByDomain, sortedAccounts, renameAccount };
