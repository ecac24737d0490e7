import formidable from 'formidable';
import fs from 'fs';
import path from 'path';
import type { NextApiRequest, NextApiResponse } from 'next';

export const config = { api: { bodyParser: false } };

const uploadDir = path.join(process.cwd(), 'public', 'attachments');

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const form = formidable({});
  const [, files] = await form.parse(req);
  const file = Array.isArray(files.file) ? files.file[0] : files.file;
  if (!file) return res.status(400).json({ error: 'no file' });
  const target = path.join(uploadDir, file.originalFilename || 'upload');
  fs.copyFileSync(file.filepath, target);
  return res.status(200).json({ url: `/attachments/${file.originalFilename}` });
}
