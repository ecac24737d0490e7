const RSA = require('node-rsa');
const key = new RSA({ b: 512 });
