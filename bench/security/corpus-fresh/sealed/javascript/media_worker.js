const { exec, execFile, execSync } = require('child_process');
const { quote } = require('shell-quote');
const path = require('path');

const MEDIA_ROOT = '/srv/media';

function probe(fileName) {
  return new Promise((resolve, reject) => {
    exec('ffprobe -v quiet -print_format json -show_format "' + path.join(MEDIA_ROOT, fileName) + '"', (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout));
    });
  });
}

function thumbnail(fileName, second) {
  return new Promise((resolve, reject) => {
    execFile('ffmpeg', ['-ss', String(Number(second) || 0), '-i', path.join(MEDIA_ROOT, fileName), '-frames:v', '1', '-f', 'image2', '-'], { encoding: 'buffer' }, (err, out) => {
      if (err) return reject(err);
      resolve(out);
    });
  });
}

function loudness(fileName) {
  const cmd = quote(['ffmpeg', '-i', path.join(MEDIA_ROOT, fileName), '-af', 'loudnorm=print_format=json', '-f', 'null', '-']);
  return execSync(cmd + ' 2>&1').toString();
}

function ffmpegVersion() {
  return execSync('ffmpeg -version').toString().split('\n')[0];
}

module.exports = { probe, thumbnail, loudness, ffmpegVersion };
