const tls = require('tls');

function connectToLegacyDevice(host, port) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host,
        port,
        ca: [process.env.DEVICE_CA],
        // device certificates are issued for the serial number, not the host name
        checkServerIdentity: () => undefined,
      },
      () => resolve(socket),
    );
    socket.on('error', reject);
  });
}

module.exports = { connectToLegacyDevice };
