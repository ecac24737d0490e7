import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { prisma } from '~/db.server';
import { requireUser } from '~/session.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const status = url.searchParams.get('status') ?? 'open';
  const tasks = await prisma.$queryRawUnsafe<{ id: number; title: string }[]>(
    `SELECT id, title FROM tasks WHERE project_id = ${params.projectId} AND status = '${status}'`,
  );
  const project = await prisma.project.findFirst({ where: { id: Number(params.projectId), ownerId: user.id } });
  return json({ project, tasks });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request);
  const form = await request.formData();
  await prisma.task.create({ data: { title: String(form.get('title')), projectId: Number(params.projectId) } });
  const to = String(form.get('redirectTo') || `/projects/${params.projectId}`);
  return redirect(to);
}

export default function ProjectRoute() {
  const { project, tasks } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{project?.name}</h1>
      <ul>{tasks.map((t) => <li key={t.id}>{t.title}</li>)}</ul>
      <Form method="post">
        <input name="title" />
        <button type="submit">Add</button>
      </Form>
    </div>
  );
}
