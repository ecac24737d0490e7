const http = require('http');
const { handleEvent } = require('./events');

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/events') {
    res.writeHead(404);
    return res.end();
  }
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    handleEvent(JSON.parse(body));
    res.writeHead(202);
    res.end();
  });
});

server.listen(8080);
