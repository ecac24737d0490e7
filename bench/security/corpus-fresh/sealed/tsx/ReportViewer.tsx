import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { prisma } from '@/lib/prisma';

const REPORTS = path.join(process.cwd(), 'reports');

export default async function ReportViewer({ searchParams }: { searchParams: { file?: string; team?: string } }) {
  const file = searchParams.file ?? 'summary.txt';
  const text = await readFile(`${REPORTS}/${file}`, 'utf8');
  const team = searchParams.team ?? '';
  const members = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM members WHERE team = '${team}'`);
  const owners = await prisma.member.findMany({ where: { team, role: 'owner' }, select: { name: true } });
  return (
    <section>
      <pre>{text}</pre>
      <p>Members: {members.map((m) => m.name).join(', ')}</p>
      <p>Owners: {owners.map((o) => o.name).join(', ')}</p>
    </section>
  );
}
