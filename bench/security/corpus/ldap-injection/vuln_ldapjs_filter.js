const ldap = require('ldapjs');
const express = require('express');
const app = express();
const client = ldap.createClient({ url: 'ldap://ldap.internal' });

app.get('/user', (req, res) => {
  const filter = '(uid=' + req.query.uid + ')';
  client.search('dc=corp,dc=com', { filter, scope: 'sub' }, (err, result) => res.end());
});
