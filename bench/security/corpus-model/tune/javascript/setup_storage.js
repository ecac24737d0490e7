#!/usr/bin/env node
// Prepare the storage folders used by the upload service.
const fs = require('fs');
const path = require('path');

const root = process.env.STORAGE_ROOT || '/var/lib/uploader';

process.umask(0);
for (const dir of ['incoming', 'processed', 'thumbnails']) {
  const full = path.join(root, dir);
  fs.mkdirSync(full, { recursive: true, mode: 0o777 });
  console.log('created', full);
}
