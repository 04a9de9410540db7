/** Where the README explains each kind and cause (diagnostics' `codeDescription.href`). */
export const README_URL = 'https://github.com/go-escape-hints/go-escape-hints/blob/main/README.md';

export function kindDocsUrl(kind: string): string {
  return `${README_URL}#${kind}`;
}

export function causeDocsUrl(cause: string): string {
  return `${README_URL}#cause-${cause}`;
}

export function pitfallDocsUrl(code: string): string {
  return `${README_URL}#pitfall-${code}`;
}
