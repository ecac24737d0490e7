import Handlebars from 'handlebars';
import nunjucks from 'nunjucks';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: false });
const strictEnv = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });

export interface Tenant {
  id: string;
  emailTemplate: string;
  name: string;
}

export function renderTenantEmail(tenant: Tenant, vars: Record<string, unknown>): string {
  const tpl = Handlebars.compile(tenant.emailTemplate);
  return tpl(vars);
}

export function renderPage(name: string, ctx: object): string {
  return env.render(`${name}.njk`, ctx);
}

export function renderPageStrict(name: string, ctx: object): string {
  return strictEnv.render(`${name}.njk`, ctx);
}

export function renderInline(source: string, ctx: object): string {
  return nunjucks.renderString(source, ctx);
}
