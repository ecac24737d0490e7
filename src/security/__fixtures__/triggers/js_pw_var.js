const mysql = require('mysql');
const pw = 'S3cretPassw0rd';
const conn = mysql.createConnection({ host: 'db', user: 'app', password: pw });
