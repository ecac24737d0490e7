const http = require('http');
const server = http.createServer(handler);
server.listen(8080, '127.0.0.1');
