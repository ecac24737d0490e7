import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().default('redis://localhost:6379'),
});

export const env = schema.parse(process.env);

export const GITHUB_CLIENT_SECRET = 'ghs_4Kc9QwErTyUiOp1aSdFgHjKlZxCvBnM2e3R4';
export const OPENAI_API_KEY = process.env.OPENAI_API_KEY ?? '';
export const SLACK_WEBHOOK = 'https://hooks.slack.com/services/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';
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || 'admin123';

export const cookieOptions = {
  httpOnly: true,
  secure: false,
  sameSite: 'strict' as const,
  maxAge: 60 * 60 * 24,
};

export const passwordPlaceholder = 'password';
