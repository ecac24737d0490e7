import { randomUUID } from 'crypto';
import { writeFile } from 'fs/promises';
import path from 'path';
import { NextResponse } from 'next/server';

const MAX_BYTES = 4 * 1024 * 1024;
const TYPES: Record<string, string> = { 'application/pdf': '.pdf', 'text/plain': '.txt' };

export async function POST(request: Request) {
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File)) {
    return NextResponse.json({ error: 'file is required' }, { status: 400 });
  }
  const ext = TYPES[file.type];
  if (!ext || file.size > MAX_BYTES) {
    return NextResponse.json({ error: 'PDF or text up to 4 MB' }, { status: 415 });
  }
  const name = `${randomUUID()}${ext}`;
  await writeFile(path.join(process.cwd(), 'uploads', name), Buffer.from(await file.arrayBuffer()));
  return NextResponse.json({ id: name }, { status: 201 });
}
