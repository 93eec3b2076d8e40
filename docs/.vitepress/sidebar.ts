// Builds the sidebar from the folder layout at config time, so a new section
// file needs no config change:
//   docs/NN-slug/index.md     chapter introduction; its first "# " heading is the chapter title
//   docs/NN-slug/NN-slug.md   sections, ordered by file name; each titled by its first "# " heading
// followed by an appendix group with the reference pages that exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DefaultTheme } from 'vitepress';

const CHAPTER_DIR = /^\d\d-[a-z0-9-]+$/;
const SECTION_FILE = /^\d\d-[a-z0-9-]+\.md$/;

const APPENDIX: { file: string; fallback: string }[] = [
  { file: 'references.md', fallback: '参考文献' },
  { file: 'TERMINOLOGY.md', fallback: '术语对照' },
  { file: 'STYLE_GUIDE.md', fallback: '写作规范' },
  { file: 'trainer-config.md', fallback: '训练配置参考' },
  { file: 'guide/embedding.md', fallback: '在课程中嵌入小部件' },
];

/** The text of the first level-1 heading, without a trailing {#anchor}; skips front matter and code blocks. */
export function firstHeading(markdown: string): string | undefined {
  const body = markdown.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const match = /^#\s+(.+?)\s*$/.exec(line);
    if (match) return match[1].replace(/\s*\{#[^}]*\}\s*$/, '').trim();
  }
  return undefined;
}

function titleOf(path: string, fallback: string): string {
  return firstHeading(readFileSync(path, 'utf8')) ?? fallback;
}

export function chapterFolders(srcDir: string): string[] {
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && CHAPTER_DIR.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export function buildSidebar(srcDir: string): DefaultTheme.SidebarItem[] {
  const groups: DefaultTheme.SidebarItem[] = [];
  for (const folder of chapterFolders(srcDir)) {
    const dir = join(srcDir, folder);
    const indexPath = join(dir, 'index.md');
    const number = Number(folder.slice(0, 2));
    const chapterTitle = existsSync(indexPath) ? titleOf(indexPath, folder) : folder;
    const sections = readdirSync(dir)
      .filter((name) => SECTION_FILE.test(name))
      .sort()
      .map((name) => ({
        text: titleOf(join(dir, name), name.replace(/\.md$/, '')),
        link: `/${folder}/${name.replace(/\.md$/, '')}`,
      }));
    groups.push({
      text: `第 ${number} 章 ${chapterTitle}`,
      link: existsSync(indexPath) ? `/${folder}/` : undefined,
      collapsed: sections.length > 0 ? true : undefined,
      items: sections,
    });
  }
  const appendix = APPENDIX.filter(({ file }) => existsSync(join(srcDir, file))).map(({ file, fallback }) => ({
    text: titleOf(join(srcDir, file), fallback),
    link: `/${file.replace(/\.md$/, '')}`,
  }));
  if (appendix.length > 0) groups.push({ text: '附录', items: appendix });
  return groups;
}
