const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const SOCKET_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-'));
const SOCKET_PATH = path.join(SOCKET_DIR, 'renderer.sock');

function startRenderer(handler) {
  const server = net.createServer((conn) => {
    conn.on('data', async (data) => conn.write(await handler(data.toString())));
  });
  server.listen(SOCKET_PATH, () => {
    fs.chmodSync(SOCKET_PATH, 0o600);
  });
  return server;
}

module.exports = { startRenderer };
