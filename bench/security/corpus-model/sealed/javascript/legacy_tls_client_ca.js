const tls = require('tls');

function connectToLegacyDevice(host, port) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, ca: [process.env.DEVICE_CA], servername: host }, () =>
      resolve(socket),
    );
    socket.on('error', reject);
  });
}

module.exports = { connectToLegacyDevice };
