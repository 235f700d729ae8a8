// Message templates are interpolated once, here: `{{name}}` from the finding's data.

export function interpolate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (Object.hasOwn(data, key) ? String(data[key]) : match));
}
