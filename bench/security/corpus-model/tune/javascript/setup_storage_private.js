#!/usr/bin/env node
const fs = require('fs');
const path = require('path');

const root = process.env.STORAGE_ROOT || '/var/lib/uploader';

process.umask(0o027);
for (const dir of ['incoming', 'processed', 'thumbnails']) {
  const full = path.join(root, dir);
  fs.mkdirSync(full, { recursive: true, mode: 0o750 });
  console.log('created', full);
}
