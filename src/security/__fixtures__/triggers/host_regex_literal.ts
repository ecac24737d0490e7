const ALLOWED = [/^https:\/\/(www|beta).example.com\//, /^[a-z]+\.example\.org$/];

export function allowedOrigin(origin: string): boolean {
  return ALLOWED.some((pattern) => pattern.test(origin));
}
