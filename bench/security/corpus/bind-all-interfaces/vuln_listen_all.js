const http = require('http');
const server = http.createServer(handler);
server.listen(8080, '0.0.0.0');
