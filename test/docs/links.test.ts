/**
 * The README is the first page a newcomer reads and the docs are where it sends them: every relative link
 * must land on a file that exists (and on a heading that exists, when it names one), and the README must stay
 * a first page rather than grow back into the manual.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsIn(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading && !fenced) anchors.add(anchorOf(heading[1]!));
  }
  return anchors;
}

function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/i.test(target));
}

describe("documentation links", () => {
  for (const page of pages) {
    it(`every relative link in ${page} resolves`, () => {
      const text = readFileSync(join(root, page), "utf8");
      const broken: string[] = [];
      for (const link of relativeLinks(text)) {
        const [path, anchor] = link.split("#") as [string, string | undefined];
        const target = path === "" ? join(root, page) : join(root, dirname(page), path);
        if (!existsSync(target)) {
          broken.push(`${link} (no file ${target.slice(root.length + 1)})`);
          continue;
        }
        if (anchor && target.endsWith(".md") && !anchorsIn(readFileSync(target, "utf8")).has(anchor)) {
          broken.push(`${link} (no heading #${anchor})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it("README stays a first page: under 300 lines, with the two commands near the top", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8").split("\n");
    expect(readme.length).toBeLessThan(300);
    const top = readme.slice(0, 40).join("\n");
    expect(top).toContain("bash scripts/quickstart.sh");
    expect(top).toContain("npm test");
  });
});
