const fs = require('fs');
const path = require('path');
const yauzl = require('yauzl');
const tar = require('tar');

function installZip(zipPath, destDir) {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.readEntry();
      zip.on('entry', (entry) => {
        const outPath = path.join(destDir, entry.fileName);
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          fs.mkdirSync(path.dirname(outPath), { recursive: true });
          stream.pipe(fs.createWriteStream(outPath));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', resolve);
    });
  });
}

function installZipChecked(zipPath, destDir) {
  const root = path.resolve(destDir);
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.readEntry();
      zip.on('entry', (entry) => {
        const outPath = path.resolve(root, entry.fileName);
        if (outPath !== root && !outPath.startsWith(root + path.sep)) {
          return reject(new Error(`entry outside target: ${entry.fileName}`));
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          fs.mkdirSync(path.dirname(outPath), { recursive: true });
          stream.pipe(fs.createWriteStream(outPath));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', resolve);
    });
  });
}

function installTarball(tgzPath, destDir) {
  return tar.x({ file: tgzPath, cwd: destDir, strict: true });
}

module.exports = { installZip, installZipChecked, installTarball };
