import type { NewSuggestion } from './server-store.js';

/** A suggestion as the store contracts record it: a generated Python function, unless overridden. */
export function newSuggestion(userId: string, overrides: Partial<NewSuggestion> = {}): NewSuggestion {
  return {
    userId,
    task: 'generate',
    language: 'python',
    model: 'openai:gpt-4o-mini',
    confidence: 'high',
    verification: 'pass',
    gatesFailed: [],
    input: { spec: 'add two numbers' },
    code: 'def add(a, b):\n    return a + b\n',
    context: [],
    ...overrides,
  };
}
