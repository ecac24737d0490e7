const base = "^https://(www|beta)";
export const allowed = new RegExp(base + ".example.com/");
