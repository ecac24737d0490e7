const http = require('http');
const { handleEvent } = require('./events');

const MAX_BODY = 1024 * 1024;

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/events') {
    res.writeHead(404);
    return res.end();
  }
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > MAX_BODY) {
      res.writeHead(413);
      res.end();
      req.destroy();
    }
  });
  req.on('end', () => {
    handleEvent(JSON.parse(body));
    res.writeHead(202);
    res.end();
  });
});

server.listen(8080);
