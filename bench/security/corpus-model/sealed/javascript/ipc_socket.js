const fs = require('fs');
const net = require('net');

const SOCKET_PATH = '/tmp/renderer.sock';

function startRenderer(handler) {
  if (fs.existsSync(SOCKET_PATH)) fs.unlinkSync(SOCKET_PATH);
  const server = net.createServer((conn) => {
    conn.on('data', async (data) => conn.write(await handler(data.toString())));
  });
  server.listen(SOCKET_PATH, () => {
    // let the web workers connect regardless of their user
    fs.chmodSync(SOCKET_PATH, '777');
  });
  return server;
}

module.exports = { startRenderer };
