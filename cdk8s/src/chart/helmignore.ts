import { GENERATED_BY } from './generated-header';

/** .helmignore: files kept out of the packaged chart. */
export function helmignore(): string {
  return [
    `# ${GENERATED_BY}`,
    '.DS_Store',
    '.git/',
    '.gitignore',
    '*.swp',
    '*.bak',
    '*.tmp',
    '*.orig',
    '*~',
    '.idea/',
    '.vscode/',
    '',
  ].join('\n');
}
