/** Generated bodies declare only what they read: the name scan behind it (compiler/codegen/model/locals.ts). */
import { describe, expect, it } from "vitest";
import { parametersFor, referencedNames, withLocals } from "../../compiler/codegen/model/locals.ts";

describe("the locals of generated bodies", () => {
  it("counts a name as read outside comments and strings, and not as a property after a dot", () => {
    const names = referencedNames(`this.step += 1; // uses P\nconst s = "G"; /* t */ f(x);`);
    expect(names.has("step")).toBe(false);
    expect(names.has("P")).toBe(false);
    expect(names.has("G")).toBe(false);
    expect(names.has("t")).toBe(false);
    expect(names.has("f")).toBe(true);
    expect(names.has("x")).toBe(true);
  });

  it("keeps a declaration that only a later kept declaration reads, and drops the unread ones", () => {
    const body = withLocals(
      [
        ["g", "let g = this.gradA;"],
        ["o", "let o = this.gradB;"],
        ["t", "let t = g;"],
      ],
      "use(t);",
    );
    expect(body).toBe("let g = this.gradA;\nlet t = g;\nuse(t);");
  });

  it("names a parameter the body does not read _name", () => {
    const params = parametersFor(
      [
        { name: "step", type: "number" },
        { name: "epoch", type: "number" },
      ],
      "return stepSchedule(epoch, 0.1);",
    );
    expect(params.map((p) => p.name)).toEqual(["_step", "epoch"]);
  });
});
