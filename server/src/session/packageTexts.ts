import * as fs from 'fs';

/** The texts of a package's files (open buffers first, else disk), read once, for "is this name used elsewhere?". */
export class PackageTexts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly files: readonly string[], private readonly openText: (file: string) => string | undefined) {}

  mentions(name: string, exceptFile: string): boolean {
    const word = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    return this.files.some((file) => file !== exceptFile && word.test(this.text(file)));
  }

  private text(file: string): string {
    let text = this.texts.get(file);
    if (text === undefined) {
      try {
        text = this.openText(file) ?? fs.readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
      this.texts.set(file, text);
    }
    return text;
  }
}
